/**
 * The alpha-decay kernel exp(−x^alpha) without Math.pow, which costs ~10× a multiply in V8:
 * integer alphas (the reference's 40) by repeated squaring, and exp(−y) = 1 − y when
 * y < 1e-8 (the dropped y²/2 is below double rounding). Agrees with
 * Math.exp(−Math.pow(x, alpha)) to a few ulps.
 */
export function alphaDecay(x: number, alpha: number): number {
  const y =
    alpha === 40 ? pow40(x) : Number.isInteger(alpha) && alpha > 0 && alpha <= 64 ? powInt(x, alpha) : x ** alpha;
  return y < 1e-8 ? 1 - y : Math.exp(-y);
}

/** exp(−(√z)^alpha) from a squared ratio z = (d/ε)², skipping the square root for even alphas. */
export function alphaDecaySquared(z: number, alpha: number): number {
  if (alpha === 40) {
    const z2 = z * z;
    const z4 = z2 * z2;
    const z16 = z4 * z4 * z4 * z4;
    const y = z16 * z4;
    return y < 1e-8 ? 1 - y : Math.exp(-y);
  }
  return alphaDecay(Math.sqrt(z), alpha);
}

function pow40(x: number): number {
  const x2 = x * x;
  const x4 = x2 * x2;
  const x8 = x4 * x4;
  const x16 = x8 * x8;
  return x16 * x16 * x8;
}

function powInt(x: number, e: number): number {
  let r = 1;
  let b = x;
  while (e > 0) {
    if (e & 1) r *= b;
    b *= b;
    e >>= 1;
  }
  return r;
}
