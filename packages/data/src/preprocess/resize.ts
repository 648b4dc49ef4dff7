/**
 * Resampling of float rasters. Hand-written because sharp/libvips interprets
 * raw float input as a colour image (it returned zeros for 1-channel float
 * data in our checks) and we need the exact same pixel-centre convention for
 * images, masks and label maps so that outputs map back without drift.
 *
 * Convention: output pixel i samples source coordinate (i + 0.5) · in/out − 0.5.
 */

/** Keys cubic kernel (a = −0.5, as PIL / OpenCV bicubic). */
function cubic(x: number): number {
  const a = -0.5;
  const t = Math.abs(x);
  if (t < 1) return ((a + 2) * t - (a + 3)) * t * t + 1;
  if (t < 2) return ((a * t - 5 * a) * t + 8 * a) * t - 4 * a;
  return 0;
}

interface Taps {
  start: Int32Array;
  count: Int32Array;
  weights: Float64Array;
  maxTaps: number;
}

/**
 * 1-D filter taps. When shrinking, the kernel is stretched by the scale
 * factor (antialiased, "area-like" bicubic as PIL does), so every source
 * pixel contributes; when enlarging it is plain bicubic.
 */
function computeTaps(inSize: number, outSize: number): Taps {
  const scale = inSize / outSize;
  const support = 2 * Math.max(1, scale);
  const stretch = Math.max(1, scale);
  const maxTaps = Math.ceil(support) * 2 + 1;
  const start = new Int32Array(outSize);
  const count = new Int32Array(outSize);
  const weights = new Float64Array(outSize * maxTaps);
  for (let i = 0; i < outSize; i++) {
    const centre = (i + 0.5) * scale;
    const lo = Math.max(0, Math.floor(centre - support));
    const hi = Math.min(inSize, Math.ceil(centre + support));
    let sum = 0;
    let n = 0;
    for (let j = lo; j < hi; j++) {
      const w = cubic((j + 0.5 - centre) / stretch);
      weights[i * maxTaps + n] = w;
      sum += w;
      n++;
    }
    for (let k = 0; k < n; k++) weights[i * maxTaps + k] /= sum;
    start[i] = lo;
    count[i] = n;
  }
  return { start, count, weights, maxTaps };
}

/**
 * Resizes an H×W×C float raster to outH×outW with antialiased bicubic
 * filtering (separable: rows, then columns). Values may overshoot the input
 * range slightly near edges, as with any cubic filter; callers clamp.
 */
export function resizeBicubic(
  data: ArrayLike<number>,
  height: number,
  width: number,
  channels: number,
  outHeight: number,
  outWidth: number,
): Float32Array {
  if (outHeight === height && outWidth === width) return Float32Array.from(data);
  const tx = computeTaps(width, outWidth);
  const ty = computeTaps(height, outHeight);
  // Horizontal pass: height × outWidth × C.
  const mid = new Float64Array(height * outWidth * channels);
  for (let y = 0; y < height; y++) {
    const rowIn = y * width * channels;
    const rowOut = y * outWidth * channels;
    for (let x = 0; x < outWidth; x++) {
      const s = tx.start[x];
      const n = tx.count[x];
      const wo = x * tx.maxTaps;
      for (let c = 0; c < channels; c++) {
        let acc = 0;
        for (let k = 0; k < n; k++) acc += tx.weights[wo + k] * data[rowIn + (s + k) * channels + c];
        mid[rowOut + x * channels + c] = acc;
      }
    }
  }
  // Vertical pass.
  const out = new Float32Array(outHeight * outWidth * channels);
  const stride = outWidth * channels;
  for (let y = 0; y < outHeight; y++) {
    const s = ty.start[y];
    const n = ty.count[y];
    const wo = y * ty.maxTaps;
    for (let i = 0; i < stride; i++) {
      let acc = 0;
      for (let k = 0; k < n; k++) acc += ty.weights[wo + k] * mid[(s + k) * stride + i];
      out[y * stride + i] = acc;
    }
  }
  return out;
}

/** Source index sampled by output index `i` under nearest-neighbour resampling. */
export function nearestSourceIndex(i: number, inSize: number, outSize: number): number {
  return Math.min(inSize - 1, Math.floor(((i + 0.5) * inSize) / outSize));
}

/** Nearest-neighbour resize of a single-channel integer raster (masks, label maps). */
export function resizeNearest<T extends Uint8Array | Int32Array>(
  data: T,
  height: number,
  width: number,
  outHeight: number,
  outWidth: number,
): T {
  const Ctor = data.constructor as new (n: number) => T;
  const out = new Ctor(outHeight * outWidth);
  const xs = new Int32Array(outWidth);
  for (let x = 0; x < outWidth; x++) xs[x] = nearestSourceIndex(x, width, outWidth);
  for (let y = 0; y < outHeight; y++) {
    const row = nearestSourceIndex(y, height, outHeight) * width;
    for (let x = 0; x < outWidth; x++) out[y * outWidth + x] = data[row + xs[x]];
  }
  return out;
}
