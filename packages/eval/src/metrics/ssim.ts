/**
 * Structural similarity (SSIM) as scikit-image's `structural_similarity` with
 * its defaults: a uniform win×win window (scipy `uniform_filter`, 'reflect'
 * borders), the sample-covariance correction NP/(NP−1), K1 = 0.01, K2 = 0.03,
 * and the mean taken over the map with a (win−1)/2 border cropped away.
 *
 * Hand-written (no npm SSIM package follows scikit-image's uniform-window
 * variant, which is what the paper reports); browser-safe.
 */
import { CutsInputError } from '@cuts/core/browser';
import type { Mask } from '@cuts/core/browser';
import { assertMaskPair } from './validate.js';

/** Options of `structuralSimilarity` (scikit-image defaults). */
export interface SsimOptions {
  /** Side of the square uniform window (odd, ≥ 3; default 7). */
  readonly windowSize?: number;
  /** Dynamic range of the data; default: max − min of the second (reference) image, or 1 if it is constant. */
  readonly dataRange?: number;
}

/** scipy's 'reflect' (half-sample symmetric) index: d c b a | a b c d | d c b a. */
function reflectIndex(i: number, n: number): number {
  let j = i;
  for (;;) {
    if (j < 0) j = -j - 1;
    else if (j >= n) j = 2 * n - j - 1;
    else return j;
  }
}

/**
 * Separable mean filter over a size×size window, axis 0 then axis 1, like
 * scipy's uniform_filter: running window sums (as scipy's C code does).
 */
function uniformFilter(src: Float64Array, height: number, width: number, size: number): Float64Array {
  const half = size >> 1;
  const tmp = new Float64Array(src.length);
  for (let x = 0; x < width; x++) {
    let s = 0;
    for (let k = -half; k <= half; k++) s += src[reflectIndex(k, height) * width + x];
    tmp[x] = s / size;
    for (let y = 1; y < height; y++) {
      s += src[reflectIndex(y + half, height) * width + x] - src[reflectIndex(y - half - 1, height) * width + x];
      tmp[y * width + x] = s / size;
    }
  }
  const out = new Float64Array(src.length);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    let s = 0;
    for (let k = -half; k <= half; k++) s += tmp[row + reflectIndex(k, width)];
    out[row] = s / size;
    for (let x = 1; x < width; x++) {
      s += tmp[row + reflectIndex(x + half, width)] - tmp[row + reflectIndex(x - half - 1, width)];
      out[row + x] = s / size;
    }
  }
  return out;
}

/**
 * Mean SSIM between two equally sized single-channel images given as flat
 * row-major arrays. Throws a CutsInputError when the image is smaller than the window.
 */
export function structuralSimilarity(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  height: number,
  width: number,
  options: SsimOptions = {},
): number {
  const win = options.windowSize ?? 7;
  if (!Number.isInteger(win) || win < 3 || win % 2 === 0) {
    throw new CutsInputError(`SSIM window size must be an odd integer ≥ 3, got ${win}`, 'windowSize');
  }
  if (height < win || width < win) {
    throw new CutsInputError(`SSIM needs images of at least ${win}×${win} pixels, got ${height}×${width}`);
  }
  const n = height * width;
  const X = new Float64Array(n);
  const Y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    X[i] = x[i];
    Y[i] = y[i];
  }
  let range = options.dataRange;
  if (range === undefined) {
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < n; i++) {
      if (Y[i] < lo) lo = Y[i];
      if (Y[i] > hi) hi = Y[i];
    }
    range = hi > lo ? hi - lo : 1;
  }
  const XX = new Float64Array(n);
  const YY = new Float64Array(n);
  const XY = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    XX[i] = X[i] * X[i];
    YY[i] = Y[i] * Y[i];
    XY[i] = X[i] * Y[i];
  }
  const ux = uniformFilter(X, height, width, win);
  const uy = uniformFilter(Y, height, width, win);
  const uxx = uniformFilter(XX, height, width, win);
  const uyy = uniformFilter(YY, height, width, win);
  const uxy = uniformFilter(XY, height, width, win);
  const np = win * win;
  const covNorm = np / (np - 1);
  const c1 = (0.01 * range) ** 2;
  const c2 = (0.03 * range) ** 2;
  const pad = (win - 1) >> 1;
  let sum = 0;
  for (let r = pad; r < height - pad; r++) {
    for (let c = pad; c < width - pad; c++) {
      const i = r * width + c;
      const vx = covNorm * (uxx[i] - ux[i] * ux[i]);
      const vy = covNorm * (uyy[i] - uy[i] * uy[i]);
      const vxy = covNorm * (uxy[i] - ux[i] * uy[i]);
      const a1 = 2 * ux[i] * uy[i] + c1;
      const a2 = 2 * vxy + c2;
      const b1 = ux[i] ** 2 + uy[i] ** 2 + c1;
      const b2 = vx + vy + c2;
      sum += (a1 * a2) / (b1 * b2);
    }
  }
  return sum / ((height - 2 * pad) * (width - 2 * pad));
}

/**
 * SSIM between a predicted and a ground-truth binary mask, 7×7 window, data
 * range of the ground truth (reference §4). A constant ground truth has range 0;
 * 1 (the range of a binary mask) is used instead so the score stays finite.
 */
export function maskSsim(pred: Mask, gt: Mask, options: SsimOptions = {}, context?: string): number {
  assertMaskPair(pred, gt, context);
  return structuralSimilarity(pred.data, gt.data, gt.height, gt.width, options);
}
