/**
 * The fit-and-pad geometry between a source image and the square model input,
 * and its inverse for label maps.
 */
import { createLabelMap, createMask, type LabelMap, type Mask, type ResizeInfo } from '@cuts/core';
import { resizeNearest } from './resize.js';

/**
 * Fits an H×W image into size×size keeping the aspect ratio (the longer side
 * becomes `size`), centred: padding is split evenly, the odd pixel goes to the
 * bottom/right.
 */
export function fitGeometry(originalHeight: number, originalWidth: number, size: number): ResizeInfo {
  if (!(originalHeight > 0 && originalWidth > 0))
    throw new RangeError(`fitGeometry: empty image ${originalHeight}×${originalWidth}`);
  const scale = size / Math.max(originalHeight, originalWidth);
  const resizedHeight = Math.min(size, Math.max(1, Math.round(originalHeight * scale)));
  const resizedWidth = Math.min(size, Math.max(1, Math.round(originalWidth * scale)));
  return {
    originalHeight,
    originalWidth,
    resizedHeight,
    resizedWidth,
    padTop: Math.floor((size - resizedHeight) / 2),
    padLeft: Math.floor((size - resizedWidth) / 2),
  };
}

/** Places an h×w×C raster at (top, left) inside a size×size×C canvas filled with `fill`. */
export function padInto<T extends Float32Array | Uint8Array | Int32Array>(
  data: T,
  height: number,
  width: number,
  channels: number,
  size: number,
  top: number,
  left: number,
  fill: number,
): T {
  const Ctor = data.constructor as new (n: number) => T;
  const out = new Ctor(size * size * channels);
  if (fill !== 0) out.fill(fill);
  for (let y = 0; y < height; y++) {
    const src = y * width * channels;
    out.set(
      data.subarray(src, src + width * channels) as unknown as ArrayLike<number>,
      ((y + top) * size + left) * channels,
    );
  }
  return out;
}

/** Crops the content window (the part that is not padding) out of a size×size single-channel raster. */
export function cropContent<T extends Uint8Array | Int32Array>(data: T, size: number, resize: ResizeInfo): T {
  const Ctor = data.constructor as new (n: number) => T;
  const out = new Ctor(resize.resizedHeight * resize.resizedWidth);
  for (let y = 0; y < resize.resizedHeight; y++) {
    const src = (y + resize.padTop) * size + resize.padLeft;
    out.set(data.subarray(src, src + resize.resizedWidth) as unknown as ArrayLike<number>, y * resize.resizedWidth);
  }
  return out;
}

/** Resizes a binary source mask into the model input geometry (nearest neighbour, zero padding). */
export function maskToModel(mask: Mask, resize: ResizeInfo, size: number): Mask {
  const resized = resizeNearest(mask.data, mask.height, mask.width, resize.resizedHeight, resize.resizedWidth);
  return createMask(
    size,
    size,
    padInto(resized, resize.resizedHeight, resize.resizedWidth, 1, size, resize.padTop, resize.padLeft, 0),
  );
}

/**
 * Maps a label map on the model input (size×size) back to the source image:
 * crops the padding and resizes the content to the original size with
 * nearest-neighbour sampling, so labels stay labels.
 */
export function labelMapToOriginal(labelMap: LabelMap, resize: ResizeInfo): LabelMap {
  if (labelMap.height !== labelMap.width) {
    throw new RangeError(
      `labelMapToOriginal: expected a square model-input label map, got ${labelMap.height}×${labelMap.width}`,
    );
  }
  const size = labelMap.height;
  if (resize.padTop + resize.resizedHeight > size || resize.padLeft + resize.resizedWidth > size) {
    throw new RangeError(`labelMapToOriginal: resize info does not fit a ${size}×${size} label map`);
  }
  const content = cropContent(labelMap.data, size, resize);
  const data = resizeNearest(
    content,
    resize.resizedHeight,
    resize.resizedWidth,
    resize.originalHeight,
    resize.originalWidth,
  );
  return createLabelMap(resize.originalHeight, resize.originalWidth, data);
}

/** Same as labelMapToOriginal, for binary masks. */
export function maskToOriginal(mask: Mask, resize: ResizeInfo): Mask {
  const size = mask.height;
  const content = cropContent(mask.data, size, resize);
  return createMask(
    resize.originalHeight,
    resize.originalWidth,
    resizeNearest(content, resize.resizedHeight, resize.resizedWidth, resize.originalHeight, resize.originalWidth),
  );
}
