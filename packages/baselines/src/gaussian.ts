/**
 * Gaussian smoothing as scipy.ndimage.gaussian_filter (what scikit-image's
 * felzenszwalb calls): kernel radius int(4σ + 0.5), weights exp(−x²/2σ²)
 * normalised, 'reflect' borders, rows (axis 0) then columns (axis 1), the
 * channel axis untouched, float64, and scipy's symmetric-kernel summation order.
 */

/** scipy's 'reflect' index (d c b a | a b c d | d c b a). */
function reflect(i: number, n: number): number {
  let j = i;
  for (;;) {
    if (j < 0) j = -j - 1;
    else if (j >= n) j = 2 * n - j - 1;
    else return j;
  }
}

/** numpy's pairwise sum for short arrays (8 accumulators when n ≥ 8). */
function numpySum(a: Float64Array): number {
  const n = a.length;
  if (n < 8) {
    let s = 0;
    for (let i = 0; i < n; i++) s += a[i];
    return s;
  }
  const r = Array.from(a.subarray(0, 8));
  let i = 8;
  for (; i + 8 <= n; i += 8) for (let k = 0; k < 8; k++) r[k] += a[i + k];
  let s = r[0] + r[1] + (r[2] + r[3]) + (r[4] + r[5] + (r[6] + r[7]));
  for (; i < n; i++) s += a[i];
  return s;
}

/** Half of the normalised kernel: w[0] centre, w[j] at distance j. */
export function gaussianKernel(sigma: number): Float64Array {
  const radius = Math.trunc(4 * sigma + 0.5);
  const full = new Float64Array(2 * radius + 1);
  for (let i = 0; i < full.length; i++) {
    const x = i - radius;
    full[i] = Math.exp((-0.5 / (sigma * sigma)) * (x * x));
  }
  const sum = numpySum(full);
  const half = new Float64Array(radius + 1);
  for (let j = 0; j <= radius; j++) half[j] = full[radius + j] / sum;
  return half;
}

/** Smooths an H×W×C float64 image in place order: axis 0, then axis 1; returns a new array. */
export function gaussianFilter(
  src: Float64Array,
  height: number,
  width: number,
  channels: number,
  sigma: number,
): Float64Array {
  if (!(sigma > 1e-15)) return Float64Array.from(src);
  const w = gaussianKernel(sigma);
  const r = w.length - 1;
  const tmp = new Float64Array(src.length);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      for (let c = 0; c < channels; c++) {
        let acc = src[(y * width + x) * channels + c] * w[0];
        for (let j = r; j >= 1; j--) {
          acc +=
            (src[(reflect(y - j, height) * width + x) * channels + c] +
              src[(reflect(y + j, height) * width + x) * channels + c]) *
            w[j];
        }
        tmp[(y * width + x) * channels + c] = acc;
      }
    }
  }
  const out = new Float64Array(src.length);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      for (let c = 0; c < channels; c++) {
        let acc = tmp[(y * width + x) * channels + c] * w[0];
        for (let j = r; j >= 1; j--) {
          acc +=
            (tmp[(y * width + reflect(x - j, width)) * channels + c] +
              tmp[(y * width + reflect(x + j, width)) * channels + c]) *
            w[j];
        }
        out[(y * width + x) * channels + c] = acc;
      }
    }
  }
  return out;
}
