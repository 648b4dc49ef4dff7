/**
 * Exact Euclidean distance transforms in linear time (Felzenszwalb &
 * Huttenlocher, "Distance Transforms of Sampled Functions", 2012): a 1-D lower
 * envelope of parabolas along every column, then along every row.
 *
 * Hand-written: the npm distance-transform packages are either approximate
 * (chamfer) or tied to canvas/ndarray types; this one works on our typed arrays
 * and has no Node dependency (the browser viewer uses it).
 */
import type { Mask } from '@cuts/core/browser';

/**
 * 1-D squared distance transform of `f` (Infinity = no site) read with `stride`
 * from `offset`, written to `out` with the same layout. `v`, `z` are scratch.
 */
function transform1d(
  f: Float64Array,
  out: Float64Array,
  offset: number,
  stride: number,
  n: number,
  v: Int32Array,
  z: Float64Array,
): void {
  let k = -1;
  for (let q = 0; q < n; q++) {
    const fq = f[offset + q * stride];
    if (fq === Infinity) continue;
    if (k < 0) {
      k = 0;
      v[0] = q;
      z[0] = -Infinity;
      z[1] = Infinity;
      continue;
    }
    const hq = fq + q * q;
    let s = 0;
    for (;;) {
      const p = v[k];
      s = (hq - (f[offset + p * stride] + p * p)) / (2 * (q - p));
      if (s <= z[k]) {
        k--;
        continue;
      }
      break;
    }
    k++;
    v[k] = q;
    z[k] = s;
    z[k + 1] = Infinity;
  }
  if (k < 0) {
    for (let q = 0; q < n; q++) out[offset + q * stride] = Infinity;
    return;
  }
  k = 0;
  for (let q = 0; q < n; q++) {
    while (z[k + 1] < q) k++;
    const p = v[k];
    const d = q - p;
    out[offset + q * stride] = d * d + f[offset + p * stride];
  }
}

/**
 * Squared Euclidean distance from every pixel to the nearest pixel whose
 * `sites` value is non-zero (0 on the sites themselves). Infinity everywhere
 * when there is no site. Values are exact integers.
 */
export function squaredDistanceToSites(sites: ArrayLike<number>, height: number, width: number): Float64Array {
  const n = height * width;
  const f = new Float64Array(n);
  for (let i = 0; i < n; i++) f[i] = sites[i] !== 0 ? 0 : Infinity;
  const tmp = new Float64Array(n);
  const len = Math.max(height, width);
  const v = new Int32Array(len);
  const z = new Float64Array(len + 1);
  for (let x = 0; x < width; x++) transform1d(f, tmp, x, width, height, v, z);
  const out = new Float64Array(n);
  for (let y = 0; y < height; y++) transform1d(tmp, out, y * width, 1, width, v, z);
  return out;
}

/** Options of `distanceTransform`. */
export interface DistanceTransformOptions {
  /**
   * Count everything outside the image as background, so a foreground pixel on
   * the border is at distance 1 (default false: scipy's distance_transform_edt).
   */
  readonly outsideIsBackground?: boolean;
}

/**
 * Euclidean distance of every foreground pixel of `mask` to the nearest
 * background pixel (0 on background), like scipy.ndimage.distance_transform_edt.
 * With no background pixel at all (and `outsideIsBackground` off) the result is Infinity.
 */
export function distanceTransform(mask: Mask, options: DistanceTransformOptions = {}): Float64Array {
  const { height, width, data } = mask;
  if (!options.outsideIsBackground) {
    const background = new Uint8Array(data.length);
    for (let i = 0; i < data.length; i++) background[i] = data[i] === 0 ? 1 : 0;
    const d2 = squaredDistanceToSites(background, height, width);
    for (let i = 0; i < d2.length; i++) d2[i] = Math.sqrt(d2[i]);
    return d2;
  }
  const ph = height + 2;
  const pw = width + 2;
  const padded = new Uint8Array(ph * pw).fill(1);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) padded[(y + 1) * pw + x + 1] = data[y * width + x] === 0 ? 1 : 0;
  }
  const d2 = squaredDistanceToSites(padded, ph, pw);
  const out = new Float64Array(height * width);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) out[y * width + x] = Math.sqrt(d2[(y + 1) * pw + x + 1]);
  }
  return out;
}
