/** sRGB → CIELAB (D65, 2° observer) exactly as scikit-image's rgb2lab. */

const M = [0.412453, 0.35758, 0.180423, 0.212671, 0.71516, 0.072169, 0.019334, 0.119193, 0.950227];
const WHITE = [0.95047, 1, 1.08883];

function linearize(c: number): number {
  return c > 0.04045 ? ((c + 0.055) / 1.055) ** 2.4 : c / 12.92;
}

function f(t: number): number {
  return t > 0.008856 ? Math.cbrt(t) : 7.787 * t + 16 / 116;
}

/** Converts interleaved RGB in [0, 1] (float64, n×3) to interleaved L*a*b*. */
export function rgbToLab(rgb: Float64Array): Float64Array {
  const out = new Float64Array(rgb.length);
  for (let i = 0; i < rgb.length; i += 3) {
    const r = linearize(rgb[i]);
    const g = linearize(rgb[i + 1]);
    const b = linearize(rgb[i + 2]);
    const fx = f((r * M[0] + g * M[1] + b * M[2]) / WHITE[0]);
    const fy = f((r * M[3] + g * M[4] + b * M[5]) / WHITE[1]);
    const fz = f((r * M[6] + g * M[7] + b * M[8]) / WHITE[2]);
    out[i] = 116 * fy - 16;
    out[i + 1] = 500 * (fx - fy);
    out[i + 2] = 200 * (fy - fz);
  }
  return out;
}
