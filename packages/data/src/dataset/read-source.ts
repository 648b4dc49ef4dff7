/**
 * Reads one image or mask file, whatever its format, into a common raster
 * form. Dispatch is by extension: .nii/.nii.gz → NIfTI, .npy → NumPy,
 * everything else → sharp.
 */
import path from 'node:path';
import { CutsInputError, createMask, type Mask } from '@cuts/core';
import { isNiftiPath, readNifti, type NiftiSourceInfo } from '../io/nifti-read.js';
import { readNpy, type NpyArray } from '../io/npy.js';
import { readRasterImage } from '../io/raster.js';
import type { SourceRaster } from '../preprocess/preprocess.js';

export interface SourceImage extends SourceRaster {
  readonly format: 'raster' | 'nifti' | 'npy';
  /** Present for NIfTI sources: what writeNiftiLike needs. */
  readonly nifti?: NiftiSourceInfo;
}

export interface ReadSourceOptions {
  /** Axial slice for 3D NIfTI volumes (default: middle). */
  readonly niftiSlice?: number;
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
    const s = await readNifti(file, { slice: options.niftiSlice });
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
    const bitDepth = arr.dtype === 'uint8' ? 8 : arr.dtype === 'uint16' ? 16 : 32;
    return { format: 'npy', ...shape, bitDepth, data: arr.data };
  }
  const r = await readRasterImage(file);
  return { format: 'raster', height: r.height, width: r.width, channels: r.channels, bitDepth: r.bitDepth, data: r.data };
}

/** Reads a mask file; any non-zero value (in any channel) is foreground. */
export async function readSourceMask(file: string, options: ReadSourceOptions = {}): Promise<Mask> {
  const src = await readSourceImage(file, options);
  const n = src.height * src.width;
  const out = new Uint8Array(n);
  const c = src.channels;
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < c; k++) {
      if (src.data[i * c + k] !== 0) {
        out[i] = 1;
        break;
      }
    }
  }
  return createMask(src.height, src.width, out);
}
