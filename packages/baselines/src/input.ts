/**
 * What a baseline sees. Model inputs are float32 in [-1, 1]; the reference
 * baselines received them converted back to uint8, through
 * x = (v − 127.5)/127.5 and v' = trunc((x + 1)/2 · 255) in float32, which
 * lowers 95 of the 256 grey levels by one (reference §7). Felzenszwalb's retina
 * Dice moves from 0.555 to 0.592 because of it, so we reproduce it by default.
 */
import { CutsInputError } from '@cuts/core/browser';
import type { Image } from '@cuts/core/browser';

const f32 = Math.fround;

/** v → v' of the reference's float32 round trip (95 levels lowered by one). */
export const REFERENCE_ROUND_TRIP: Uint8Array = (() => {
  const lut = new Uint8Array(256);
  for (let v = 0; v < 256; v++) {
    const x = f32(f32(v - 127.5) / 127.5);
    const back = f32(f32(f32(x + 1) / 2) * 255);
    lut[v] = Math.min(255, Math.max(0, Math.trunc(back)));
  }
  return lut;
})();

/** An 8-bit image as the reference baselines saw it. */
export interface Uint8Image {
  readonly height: number;
  readonly width: number;
  readonly channels: number;
  /** HWC interleaved. */
  readonly data: Uint8Array;
}

/** Options of {@link toBaselineUint8}. */
export interface BaselineInputOptions {
  /** Apply the reference's float32 round-trip rounding (default true). */
  readonly referenceRounding?: boolean;
}

/**
 * Converts a [-1, 1] model input to the 8-bit image the reference baselines saw:
 * the grey level v = round((x + 1)·127.5) (exact for any 8-bit source), then the
 * reference's round-trip rounding. Values outside [-1, 1] are clipped.
 */
export function toBaselineUint8(image: Image, options: BaselineInputOptions = {}): Uint8Image {
  const { height, width, channels, data } = image;
  if (data.length !== height * width * channels || height <= 0 || width <= 0) {
    throw new CutsInputError(
      `image buffer holds ${data.length} values, shape ${height}×${width}×${channels} needs ${height * width * channels}`,
    );
  }
  if (channels !== 1 && channels !== 3 && channels !== 4) {
    throw new CutsInputError(`baselines need 1 (grey), 3 (RGB) or 4 (RGBA) channels, got ${channels}`);
  }
  const round = options.referenceRounding ?? true;
  const out = new Uint8Array(data.length);
  for (let i = 0; i < data.length; i++) {
    const x = data[i];
    if (Number.isNaN(x)) throw new CutsInputError(`image has a NaN value at index ${i}`);
    const v = Math.min(255, Math.max(0, Math.round((x + 1) * 127.5)));
    out[i] = round ? REFERENCE_ROUND_TRIP[v] : v;
  }
  return { height, width, channels, data: out };
}

/** The first three channels (RGB) as float64 in [0, 1]; grey images repeated to 3 channels; alpha dropped. */
export function rgbUnitFloat(image: Uint8Image): Float64Array {
  const n = image.height * image.width;
  const out = new Float64Array(n * 3);
  const c = image.channels;
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < 3; k++) out[i * 3 + k] = image.data[i * c + (c === 1 ? 0 : k)] / 255;
  }
  return out;
}

/** Colour channels (alpha dropped) as float64 in [0, 1]: 1 channel for grey, 3 for colour. */
export function unitFloatChannels(image: Uint8Image): { data: Float64Array; channels: number } {
  const n = image.height * image.width;
  const channels = image.channels === 1 ? 1 : 3;
  const out = new Float64Array(n * channels);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < channels; k++) out[i * channels + k] = image.data[i * image.channels + k] / 255;
  }
  return { data: out, channels };
}
