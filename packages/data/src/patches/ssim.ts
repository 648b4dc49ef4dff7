/**
 * SSIM between two small patches, as scikit-image's `structural_similarity`
 * computes it with a uniform `win × win` window, sample covariance
 * (N/(N−1) normalisation), K1 = 0.01, K2 = 0.03 and a given data range:
 * the SSIM map over every window position that fits inside the patch is
 * averaged, then the per-channel values are averaged.
 *
 * Hand-written: it runs thousands of times per training step on 5×5 patches
 * held in typed arrays; a general image library would cost more in copies
 * than the arithmetic itself.
 */

/** Reads patch `(y0, x0, size × size)` of an HWC image into `out` (channel-major: c, y, x). */
export function readPatch(
  data: Float32Array,
  width: number,
  channels: number,
  y0: number,
  x0: number,
  size: number,
  out: Float32Array,
): Float32Array {
  let o = 0;
  for (let c = 0; c < channels; c++) {
    for (let dy = 0; dy < size; dy++) {
      let i = ((y0 + dy) * width + x0) * channels + c;
      for (let dx = 0; dx < size; dx++, i += channels) out[o++] = data[i];
    }
  }
  return out;
}

/** max − min over a patch (all channels), or 1 when the patch is flat. */
export function patchDataRange(patch: Float32Array, length = patch.length): number {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < length; i++) {
    const v = patch[i];
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const range = hi - lo;
  return range > 0 ? range : 1;
}

/**
 * Mean SSIM of two channel-major patches (`channels × size × size`), window
 * `win ≤ size`, data range `range`.
 */
export function patchSsim(
  a: Float32Array,
  b: Float32Array,
  size: number,
  channels: number,
  win: number,
  range: number,
): number {
  if (win > size) throw new RangeError(`SSIM window ${win} is larger than the patch (${size})`);
  const c1 = (0.01 * range) ** 2;
  const c2 = (0.03 * range) ** 2;
  const n = win * win;
  const covNorm = n > 1 ? n / (n - 1) : 1;
  const positions = size - win + 1;
  let total = 0;
  for (let c = 0; c < channels; c++) {
    const base = c * size * size;
    for (let py = 0; py < positions; py++) {
      for (let px = 0; px < positions; px++) {
        let sa = 0;
        let sb = 0;
        let saa = 0;
        let sbb = 0;
        let sab = 0;
        for (let dy = 0; dy < win; dy++) {
          let i = base + (py + dy) * size + px;
          for (let dx = 0; dx < win; dx++, i++) {
            const va = a[i];
            const vb = b[i];
            sa += va;
            sb += vb;
            saa += va * va;
            sbb += vb * vb;
            sab += va * vb;
          }
        }
        const ma = sa / n;
        const mb = sb / n;
        const va = covNorm * (saa / n - ma * ma);
        const vb = covNorm * (sbb / n - mb * mb);
        const vab = covNorm * (sab / n - ma * mb);
        total += ((2 * ma * mb + c1) * (2 * vab + c2)) / ((ma * ma + mb * mb + c1) * (va + vb + c2));
      }
    }
  }
  return total / (channels * positions * positions);
}
