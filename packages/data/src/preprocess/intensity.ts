/**
 * Intensity scaling to the model's range [-1, 1].
 * - `auto`: 8-bit sources x/255·2−1 (fixed, so the same colour always maps to
 *   the same value); every other depth (16-bit PNG/TIFF, NIfTI, float) uses `minmax`.
 * - `minmax`: (x − min)/(max − min)·2 − 1 over the whole image (all channels together,
 *   so colour balance is kept). A constant image maps to −1.
 * - `p99`: like minmax between the 1st and 99th percentiles, values outside clipped
 *   (robust to a few hot pixels in MRI/CT).
 */
export type IntensityMode = 'auto' | 'minmax' | 'p99';

export interface IntensityResult {
  readonly data: Float32Array;
  /** The source values mapped to −1 and +1. */
  readonly low: number;
  readonly high: number;
  readonly mode: 'fixed8' | 'minmax' | 'p99';
}

function percentile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return 0;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

function linear(values: ArrayLike<number>, low: number, high: number): Float32Array {
  const out = new Float32Array(values.length);
  const range = high - low;
  if (!(range > 0)) return out.fill(-1);
  for (let i = 0; i < values.length; i++) {
    const v = ((values[i] - low) / range) * 2 - 1;
    out[i] = v > -1 ? (v > 1 ? 1 : v) : -1; // NaN → −1
  }
  return out;
}

/** Maps raw source values to [-1, 1] by the rule above. */
export function scaleIntensity(
  values: ArrayLike<number>,
  bitDepth: number,
  mode: IntensityMode = 'auto',
): IntensityResult {
  if (mode === 'auto' && bitDepth === 8) return { data: linear(values, 0, 255), low: 0, high: 255, mode: 'fixed8' };
  if (mode === 'p99') {
    const sorted = Float64Array.from(values).sort();
    const low = percentile(sorted, 0.01);
    const high = percentile(sorted, 0.99);
    return { data: linear(values, low, high), low, high, mode: 'p99' };
  }
  let low = Infinity;
  let high = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v < low) low = v;
    if (v > high) high = v;
  }
  if (values.length === 0) low = high = 0;
  return { data: linear(values, low, high), low, high, mode: 'minmax' };
}
