/**
 * Otsu thresholding with OpenCV semantics (the paper's "watershed" baseline):
 * luminance Y = 0.299 R + 0.587 G + 0.114 B in OpenCV's 14-bit fixed point,
 * a 3×3 Gaussian blur (OpenCV's σ = 0 kernel [1 2 1]/4, reflect-101 borders,
 * rounded to uint8), Otsu's threshold on the 256-bin histogram, and two
 * classes: 1 where the blurred value is above the threshold.
 */
import { createLabelMap } from '@cuts/core/browser';
import type { LabelMap } from '@cuts/core/browser';
import type { Uint8Image } from './input.js';

/** 8-bit luminance as OpenCV's RGB2GRAY (grey images pass through; alpha ignored). */
export function luminance(image: Uint8Image): Uint8Array {
  const n = image.height * image.width;
  const c = image.channels;
  const out = new Uint8Array(n);
  if (c === 1) {
    out.set(image.data.subarray(0, n));
    return out;
  }
  for (let i = 0; i < n; i++) {
    const r = image.data[i * c];
    const g = image.data[i * c + 1];
    const b = image.data[i * c + 2];
    out[i] = (r * 4899 + g * 9617 + b * 1868 + 8192) >> 14;
  }
  return out;
}

function reflect101(i: number, n: number): number {
  if (n === 1) return 0;
  let j = i;
  for (;;) {
    if (j < 0) j = -j;
    else if (j >= n) j = 2 * n - j - 2;
    else return j;
  }
}

/** OpenCV GaussianBlur(ksize 3×3, σ 0) on uint8: kernel [1,2,1]⊗[1,2,1]/16, rounded half up. */
export function gaussianBlur3x3(src: Uint8Array, height: number, width: number): Uint8Array {
  const tmp = new Int32Array(src.length);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      tmp[y * width + x] =
        src[y * width + reflect101(x - 1, width)] + 2 * src[y * width + x] + src[y * width + reflect101(x + 1, width)];
    }
  }
  const out = new Uint8Array(src.length);
  for (let y = 0; y < height; y++) {
    const up = reflect101(y - 1, height) * width;
    const down = reflect101(y + 1, height) * width;
    for (let x = 0; x < width; x++) {
      const s = tmp[up + x] + 2 * tmp[y * width + x] + tmp[down + x];
      out[y * width + x] = (s + 8) >> 4;
    }
  }
  return out;
}

/** OpenCV's getThreshVal_Otsu_8u: the grey level maximising the between-class variance. */
export function otsuThreshold(values: Uint8Array): number {
  const hist = new Float64Array(256);
  for (let i = 0; i < values.length; i++) hist[values[i]]++;
  const scale = 1 / values.length;
  let mu = 0;
  for (let i = 0; i < 256; i++) mu += i * hist[i];
  mu *= scale;
  const eps = 1.1920928955078125e-7; // FLT_EPSILON
  let mu1 = 0;
  let q1 = 0;
  let maxSigma = 0;
  let maxVal = 0;
  for (let i = 0; i < 256; i++) {
    const p = hist[i] * scale;
    mu1 *= q1;
    q1 += p;
    const q2 = 1 - q1;
    if (Math.min(q1, q2) < eps || Math.max(q1, q2) > 1 - eps) continue;
    mu1 = (mu1 + i * p) / q1;
    const mu2 = (mu - q1 * mu1) / q2;
    const sigma = q1 * q2 * (mu1 - mu2) * (mu1 - mu2);
    if (sigma > maxSigma) {
      maxSigma = sigma;
      maxVal = i;
    }
  }
  return maxVal;
}

/** Two-class label map: 1 above Otsu's threshold of the blurred luminance, else 0. */
export function otsu(image: Uint8Image): LabelMap {
  const { height, width } = image;
  const blurred = gaussianBlur3x3(luminance(image), height, width);
  const t = otsuThreshold(blurred);
  const labels = createLabelMap(height, width);
  for (let i = 0; i < blurred.length; i++) labels.data[i] = blurred[i] > t ? 1 : 0;
  return labels;
}
