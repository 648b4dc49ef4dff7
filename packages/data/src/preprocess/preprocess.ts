/**
 * Source raster → model input: antialiased bicubic fit into size×size keeping
 * the aspect ratio, intensity scaling of the resized content to [-1, 1]
 * (see intensity.ts), centre padding with −1.
 */
import { createImage, type Image, type Mask, type ResizeInfo } from '@cuts/core';
import { fitGeometry, maskToModel, padInto } from './geometry.js';
import { scaleIntensity, type IntensityMode, type IntensityResult } from './intensity.js';
import { resizeBicubic } from './resize.js';

/** Raw source values (any numeric type), H × W × C interleaved. */
export interface SourceRaster {
  readonly height: number;
  readonly width: number;
  readonly channels: number;
  /** 8 / 16 bits, or 32 / 64 for float-like sources (NIfTI, float TIFF). */
  readonly bitDepth: number;
  readonly data: ArrayLike<number>;
}

/** Options of `preprocessImage`: model input size and intensity rule. */
export interface PreprocessOptions {
  /** Side of the square model input (default 128). */
  readonly imageSize?: number;
  readonly intensity?: IntensityMode;
}

/** A model input image, the geometry back to the source, and the intensity mapping used. */
export interface PreprocessedImage {
  readonly image: Image;
  readonly resize: ResizeInfo;
  readonly intensity: Omit<IntensityResult, 'data'>;
}

/** Turns a source raster into the model's input. */
export function preprocessImage(source: SourceRaster, options: PreprocessOptions = {}): PreprocessedImage {
  const size = options.imageSize ?? 128;
  const resize = fitGeometry(source.height, source.width, size);
  const resized = resizeBicubic(
    source.data,
    source.height,
    source.width,
    source.channels,
    resize.resizedHeight,
    resize.resizedWidth,
  );
  // Scaled after resizing (as the paper does), so min–max uses the whole [-1, 1]
  // range on the model input and cubic overshoot is clipped.
  const scaled = scaleIntensity(resized, source.bitDepth, options.intensity ?? 'auto');
  const padded = padInto(
    scaled.data,
    resize.resizedHeight,
    resize.resizedWidth,
    source.channels,
    size,
    resize.padTop,
    resize.padLeft,
    -1,
  );
  return {
    image: createImage(size, size, source.channels, padded),
    resize,
    intensity: { low: scaled.low, high: scaled.high, mode: scaled.mode },
  };
}

/** Puts a source-resolution binary mask into the model input geometry (nearest neighbour). */
export function preprocessMask(mask: Mask, resize: ResizeInfo, imageSize = 128): Mask {
  return maskToModel(mask, resize, imageSize);
}
