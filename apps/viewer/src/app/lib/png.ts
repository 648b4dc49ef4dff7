import { decode, encode, type DecodedPng } from 'fast-png';

/** A label map as decoded from a PNG: one integer label per pixel, row-major. */
export interface LabelMap {
  width: number;
  height: number;
  data: Int32Array;
}

/** A binary mask, row-major, values 0/1. */
export interface BinaryMask {
  width: number;
  height: number;
  data: Uint8Array;
}

const toBytes = (b: ArrayBuffer | Uint8Array): Uint8Array => (b instanceof Uint8Array ? b : new Uint8Array(b));

/** Channel `c` of every pixel as integers; unpacks 1/2/4-bit samples, keeps 16-bit values exact. */
function channel(png: DecodedPng, c: number): Int32Array {
  const { width, height, channels, depth } = png;
  const out = new Int32Array(width * height);
  if (depth >= 8) {
    for (let i = 0; i < out.length; i++) out[i] = png.data[i * channels + c];
    return out;
  }
  const rowBytes = Math.ceil((width * channels * depth) / 8);
  const maxv = (1 << depth) - 1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const bit = (x * channels + c) * depth;
      const byte = png.data[y * rowBytes + (bit >> 3)];
      out[y * width + x] = (byte >> (8 - depth - (bit & 7))) & maxv;
    }
  }
  return out;
}

/**
 * Decodes a label-map PNG exactly, 8-bit or 16-bit (canvas decoding would squash
 * 16-bit values to 8 bits). Grey (+alpha) takes channel 0; palette PNGs give the
 * palette index; RGB label maps must have R = G = B.
 */
export function decodeLabelPng(bytes: ArrayBuffer | Uint8Array): LabelMap {
  const png = decode(toBytes(bytes));
  const data = channel(png, 0);
  if (png.channels >= 3 && !png.palette) {
    const g = channel(png, 1);
    const b = channel(png, 2);
    for (let i = 0; i < data.length; i++) {
      if (data[i] !== g[i] || data[i] !== b[i])
        throw new Error('colour label PNG: expected a greyscale label map (R = G = B)');
    }
  }
  return { width: png.width, height: png.height, data };
}

/**
 * Decodes a mask PNG (0/255 or 0/1, any depth; palette PNGs by their colours' first
 * channel): every non-zero value is foreground.
 */
export function decodeMaskPng(bytes: ArrayBuffer | Uint8Array): BinaryMask {
  const png = decode(toBytes(bytes));
  const first = channel(png, 0);
  const palette = png.palette;
  const data = new Uint8Array(first.length);
  for (let i = 0; i < data.length; i++) data[i] = (palette ? palette[first[i]][0] : first[i]) !== 0 ? 1 : 0;
  return { width: png.width, height: png.height, data };
}

/** Encodes a 0/1 mask as an 8-bit greyscale PNG with values 0/255 (the run folder's mask convention). */
export function encodeMaskPng(mask: BinaryMask): Uint8Array {
  const out = new Uint8Array(mask.data.length);
  for (let i = 0; i < out.length; i++) out[i] = mask.data[i] ? 255 : 0;
  return encode({ width: mask.width, height: mask.height, data: out, channels: 1, depth: 8 });
}
