/**
 * Reads one image or mask file, whatever its format, into a common raster
 * form. Dispatch is by extension: .nii/.nii.gz → NIfTI, .npy → NumPy,
 * everything else → sharp.
 */
import path from 'node:path';
import { CutsInputError, createMask, type Mask } from '@cuts/core';
import { isNiftiPath, readNifti, type NiftiSourceInfo } from '../io/nifti-read.js';
import { readNpy, type NpyArray } from '../io/npy.js';
import { checkPixelLimit, readRasterImage } from '../io/raster.js';
import type { SourceRaster } from '../preprocess/preprocess.js';

/** A decoded source image at its own resolution, with its format (and NIfTI header, for NIfTI sources). */
export interface SourceImage extends SourceRaster {
  readonly format: 'raster' | 'nifti' | 'npy';
  /** Present for NIfTI sources: what writeNiftiLike needs. */
  readonly nifti?: NiftiSourceInfo;
}

/** Options of `readSourceImage` / `readSourceMask`. */
export interface ReadSourceOptions {
  /** Axial slice for 3D NIfTI volumes (default: middle). */
  readonly niftiSlice?: number;
  /** Refuse images of more pixels than this (default DEFAULT_MAX_PIXELS). */
  readonly maxPixels?: number;
}

/** Extensions recognised as images or masks. */
export const IMAGE_EXTENSIONS = ['.png', '.jpg', '.jpeg', '.tif', '.tiff', '.webp', '.bmp', '.nii', '.nii.gz', '.npy'];

/** The extension including `.nii.gz` as one. */
export function extensionOf(file: string): string {
  return /\.nii\.gz$/i.test(file) ? '.nii.gz' : path.extname(file).toLowerCase();
}

/** File name without its (double) extension. */
export function stemOf(file: string): string {
  const base = path.basename(file);
  return base.slice(0, base.length - extensionOf(file).length);
}

function npyToRaster(arr: NpyArray, file: string): { height: number; width: number; channels: number } {
  const s = arr.shape;
  if (s.length === 2) return { height: s[0], width: s[1], channels: 1 };
  if (s.length === 3 && (s[2] === 1 || s[2] === 3)) return { height: s[0], width: s[1], channels: s[2] };
  throw new CutsInputError(`unsupported .npy shape (${s.join(', ')}); expected (H, W), (H, W, 1) or (H, W, 3)`, file);
}

/** Reads an image file's raw values. */
export async function readSourceImage(file: string, options: ReadSourceOptions = {}): Promise<SourceImage> {
  if (isNiftiPath(file)) {
    const s = await readNifti(file, { slice: options.niftiSlice, maxPixels: options.maxPixels });
    return {
      format: 'nifti',
      height: s.height,
      width: s.width,
      channels: 1,
      bitDepth: s.isFloat ? 32 : s.bitDepth,
      data: s.data,
      nifti: s.info,
    };
  }
  if (extensionOf(file) === '.npy') {
    const arr = await readNpy(file);
    const shape = npyToRaster(arr, file);
    checkPixelLimit(shape.width, shape.height, file, options.maxPixels);
    const bitDepth = arr.dtype === 'uint8' ? 8 : arr.dtype === 'uint16' ? 16 : 32;
    return { format: 'npy', ...shape, bitDepth, data: arr.data };
  }
  const r = await readRasterImage(file, { maxPixels: options.maxPixels });
  return {
    format: 'raster',
    height: r.height,
    width: r.width,
    channels: r.channels,
    bitDepth: r.bitDepth,
    data: r.data,
  };
}

/** Values a mask may hold: 0 is background; 1, 255 (8-bit) and 65535 (16-bit) are foreground. */
export const MASK_VALUES: readonly number[] = [0, 1, 255, 65535];

/**
 * Reads a mask file: 0 is background, 1 / 255 / 65535 foreground (in any
 * channel). Any other value (2, 7, 0.5, NaN…) is refused with a
 * CutsInputError naming the file and the first bad pixel, rather than
 * silently becoming foreground.
 */
export async function readSourceMask(file: string, options: ReadSourceOptions = {}): Promise<Mask> {
  const src = await readSourceImage(file, options);
  const n = src.height * src.width;
  const out = new Uint8Array(n);
  const c = src.channels;
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < c; k++) {
      const v = src.data[i * c + k];
      if (v === 0) continue;
      if (v !== 1 && v !== 255 && v !== 65535) {
        throw new CutsInputError(
          `mask value ${v} at row ${Math.floor(i / src.width)}, column ${i % src.width}: a mask must hold 0 (background) and 1 or 255 (foreground) only`,
          file,
        );
      }
      out[i] = 1;
    }
  }
  return createMask(src.height, src.width, out);
}
