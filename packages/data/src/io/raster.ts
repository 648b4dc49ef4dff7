/**
 * PNG / JPEG / TIFF (and anything else libvips decodes) through sharp, keeping
 * the stored bit depth: 8-bit files give Uint8Array values, 16-bit files give
 * Uint16Array values, 32-bit float TIFFs give Float32Array values. An alpha
 * channel is dropped; grey stays 1 channel, colour becomes 3 (RGB).
 */
import sharp from 'sharp';
import { CutsInputError } from '@cuts/core';

/** A decoded PNG/JPEG/TIFF at its stored depth (8-bit or 16-bit), grey or RGB. */
export interface RasterImage {
  readonly width: number;
  readonly height: number;
  /** 1 (grey) or 3 (RGB). */
  readonly channels: number;
  /** Bits per stored sample: 8, 16 or 32 (float). */
  readonly bitDepth: 8 | 16 | 32;
  /** Raw values, row-major, channels interleaved. */
  readonly data: Uint8Array | Uint16Array | Float32Array;
}

/**
 * Decoded pixels (width × height, per image or slice) allowed by default; a
 * larger file is refused before it is decoded (raise with `maxPixels`,
 * `data.maxPixels` in a config or `--max-pixels`).
 */
export const DEFAULT_MAX_PIXELS = 50_000_000;

/** Options of `readRasterImage`. */
export interface ReadRasterOptions {
  /** Refuse images with more pixels than this (default DEFAULT_MAX_PIXELS). */
  readonly maxPixels?: number;
}

/** Throws CutsInputError naming `file` when width × height exceeds the limit. */
export function checkPixelLimit(width: number, height: number, file: string, maxPixels = DEFAULT_MAX_PIXELS): void {
  if (width * height > maxPixels) {
    throw new CutsInputError(
      `image is ${width}×${height} = ${width * height} pixels, over the decode limit of ${maxPixels} (raise it with --max-pixels or data.maxPixels)`,
      file,
    );
  }
}

/** Extensions read through sharp. */
export const RASTER_EXTENSIONS = ['.png', '.jpg', '.jpeg', '.tif', '.tiff', '.webp', '.bmp'] as const;

/** Decodes an image file to raw values with its bit depth. Errors name the file. */
export async function readRasterImage(file: string, options: ReadRasterOptions = {}): Promise<RasterImage> {
  const maxPixels = options.maxPixels ?? DEFAULT_MAX_PIXELS;
  // sharp refuses larger inputs itself; the explicit check gives the message above.
  const open = () => sharp(file, { limitInputPixels: maxPixels, sequentialRead: true });
  try {
    const meta = await sharp(file, { limitInputPixels: false }).metadata(); // header only
    checkPixelLimit(meta.width ?? 0, meta.height ?? 0, file, maxPixels);
    const colour = (meta.channels ?? 1) - (meta.hasAlpha ? 1 : 0) >= 3;
    const depth = meta.depth;
    let pipeline = open().removeAlpha();
    let raw: { depth: 'uchar' | 'ushort' | 'float' };
    let bitDepth: 8 | 16 | 32;
    if (depth === 'ushort' || depth === 'short') {
      pipeline = pipeline.toColourspace(colour ? 'rgb16' : 'grey16');
      raw = { depth: 'ushort' };
      bitDepth = 16;
    } else if (depth === 'float' || depth === 'double') {
      raw = { depth: 'float' };
      bitDepth = 32;
    } else {
      pipeline = pipeline.toColourspace(colour ? 'srgb' : 'b-w');
      raw = { depth: 'uchar' };
      bitDepth = 8;
    }
    const { data, info } = await pipeline.raw(raw).toBuffer({ resolveWithObject: true });
    const copy = new Uint8Array(data.byteLength);
    copy.set(data);
    const values =
      bitDepth === 8 ? copy : bitDepth === 16 ? new Uint16Array(copy.buffer) : new Float32Array(copy.buffer);
    if (info.channels !== 1 && info.channels !== 3) {
      throw new CutsInputError(`unsupported channel count ${info.channels} (expected grey or RGB)`, file);
    }
    return { width: info.width, height: info.height, channels: info.channels, bitDepth, data: values };
  } catch (err) {
    if (err instanceof CutsInputError) throw err;
    const msg = (err as Error).message;
    const what = /no such file|ENOENT|missing/i.test(msg)
      ? 'cannot read file'
      : 'cannot decode image (corrupt or unsupported file)';
    throw new CutsInputError(`${what}: ${msg}`, file, { cause: err });
  }
}
