/** 2D images (PNG) on their own grid as one-slice volumes, so one viewer path serves 2D and 3D. */
import { decode } from 'fast-png';
import { decodeLabelPng, decodeMaskPng } from '../lib/png.js';
import { encodeRaster, rasterAffine } from './nifti-write.js';
import type { Volume } from './volume.js';

/** A grey or colour PNG (8/16-bit; alpha and palettes resolved) as a one-slice volume. */
export function rasterVolume(bytes: Uint8Array, spacing: [number, number] | null): Volume {
  const png = decode(bytes);
  const { width, height } = png;
  const n = width * height;
  let channels: 1 | 3 = png.channels >= 3 || png.palette ? 3 : 1;
  let pixels: Uint8Array | Uint16Array;
  if (png.palette) {
    const idx = decodeLabelPng(bytes).data;
    pixels = new Uint8Array(n * 3);
    for (let i = 0; i < n; i++) pixels.set(png.palette[idx[i]].slice(0, 3), i * 3);
  } else if (channels === 3) {
    pixels = new Uint8Array(n * 3);
    const scale = png.depth === 16 ? 1 / 257 : 1;
    for (let i = 0; i < n; i++)
      for (let c = 0; c < 3; c++) pixels[i * 3 + c] = Math.round(png.data[i * png.channels + c] * scale);
  } else if (png.depth === 16) {
    pixels = new Uint16Array(n);
    for (let i = 0; i < n; i++) pixels[i] = png.data[i * png.channels];
  } else {
    pixels = Uint8Array.from(decodeLabelPng(bytes).data); // unpacks 1/2/4-bit grey
    channels = 1;
  }
  const sp: [number, number] = spacing ?? [1, 1];
  const nii = encodeRaster(width, height, channels, pixels, sp);
  return {
    dims: [width, height, 1],
    spacing: [sp[0], sp[1], 1],
    units: spacing ? 'mm' : 'px',
    affine: rasterAffine(width, height, sp),
    channels,
    data: pixels,
    header: null,
    niftiBytes: nii.buffer.slice(nii.byteOffset, nii.byteOffset + nii.byteLength) as ArrayBuffer,
  };
}

/** A label-map PNG as flat labels (row-major, the raster volume's voxel order). */
export const rasterLabels = (bytes: Uint8Array): { width: number; height: number; data: Int32Array } =>
  decodeLabelPng(bytes);

/** A mask PNG (0/255, 0/1, palette) as 0/1 values. */
export const rasterMask = (bytes: Uint8Array): { width: number; height: number; data: Uint8Array } =>
  decodeMaskPng(bytes);
