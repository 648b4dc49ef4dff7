/**
 * PNG writers for the CLI's outputs (through sharp). All writes are atomic.
 */
import sharp from 'sharp';
import type { Image, LabelMap, Mask } from '@cuts/core';
import { writeFileAtomic } from './atomic-write.js';

async function encodeRaw(
  data: Uint8Array | Uint16Array,
  width: number,
  height: number,
  channels: 1 | 3 | 4,
): Promise<Buffer> {
  let s = sharp(data, { raw: { width, height, channels } });
  // Without an explicit colourspace sharp writes 1-channel input as RGB.
  if (data instanceof Uint16Array) s = s.toColourspace(channels === 1 ? 'grey16' : 'rgb16');
  else if (channels === 1) s = s.toColourspace('b-w');
  return s.png({ compressionLevel: 6 }).toBuffer();
}

function channelsOf(n: number, what: string): 1 | 3 | 4 {
  if (n === 1 || n === 3 || n === 4) return n;
  throw new RangeError(`${what}: cannot write ${n} channels as PNG (1, 3 or 4)`);
}

/**
 * Writes a label map as a grey PNG holding the label ids: 8-bit when every
 * label is < 256, else 16-bit. Labels must be integers in [0, 65535].
 * Returns the bit depth written.
 */
export async function writeLabelMapPng(file: string, labelMap: LabelMap): Promise<8 | 16> {
  let max = 0;
  for (let i = 0; i < labelMap.data.length; i++) {
    const v = labelMap.data[i];
    if (v < 0 || v > 65535) throw new RangeError(`writeLabelMapPng: label ${v} at pixel ${i} is outside [0, 65535]`);
    if (v > max) max = v;
  }
  const depth = max < 256 ? 8 : 16;
  const data = depth === 8 ? Uint8Array.from(labelMap.data) : Uint16Array.from(labelMap.data);
  await writeFileAtomic(file, await encodeRaw(data, labelMap.width, labelMap.height, 1));
  return depth;
}

/** Writes a model-range image ([-1, 1]) as an 8-bit PNG: round((x + 1) / 2 · 255), clipped. */
export async function writeImagePng(file: string, image: Image): Promise<void> {
  const channels = channelsOf(image.channels, 'writeImagePng');
  const out = new Uint8Array(image.data.length);
  for (let i = 0; i < out.length; i++) {
    const v = Math.round(((image.data[i] + 1) / 2) * 255);
    out[i] = v > 0 ? (v < 255 ? v : 255) : 0;
  }
  await writeFileAtomic(file, await encodeRaw(out, image.width, image.height, channels));
}

/** Writes 8-bit RGB bytes (width × height × 3, row-major) as a colour PNG, atomically. */
export async function writeRgbPng(file: string, width: number, height: number, rgb: Uint8Array): Promise<void> {
  if (rgb.length !== width * height * 3)
    throw new RangeError(`writeRgbPng: ${rgb.length} bytes for ${width}×${height}×3`);
  await writeFileAtomic(file, await encodeRaw(rgb, width, height, 3));
}

/** Writes a binary mask as an 8-bit grey PNG (foreground → `foreground`, default 255). */
export async function writeMaskPng(file: string, mask: Mask, foreground = 255): Promise<void> {
  const out = new Uint8Array(mask.data.length);
  for (let i = 0; i < out.length; i++) out[i] = mask.data[i] ? foreground : 0;
  await writeFileAtomic(file, await encodeRaw(out, mask.width, mask.height, 1));
}

/**
 * Writes source pixel values at their own size (images_native): 8-bit
 * integer data as is, 16-bit as a 16-bit PNG, anything else (floats, 32-bit)
 * min–max scaled to 8 bits.
 */
export async function writeSourcePng(
  file: string,
  source: {
    readonly height: number;
    readonly width: number;
    readonly channels: number;
    readonly bitDepth: number;
    readonly data: ArrayLike<number>;
  },
): Promise<void> {
  const channels = channelsOf(source.channels, 'writeSourcePng');
  const n = source.data.length;
  let integer = true;
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = source.data[i];
    if (integer && !Number.isInteger(v)) integer = false;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  let out: Uint8Array | Uint16Array;
  if (integer && lo >= 0 && hi <= 255 && source.bitDepth <= 8) out = Uint8Array.from(source.data);
  else if (integer && lo >= 0 && hi <= 65535 && source.bitDepth === 16) out = Uint16Array.from(source.data);
  else {
    out = new Uint8Array(n);
    const range = hi - lo;
    if (range > 0) for (let i = 0; i < n; i++) out[i] = Math.round(((source.data[i] - lo) / range) * 255);
  }
  await writeFileAtomic(file, await encodeRaw(out, source.width, source.height, channels));
}
