import { describe, expect, it } from 'vitest';
import { alphaDecay, alphaDecaySquared } from './kernel.js';

describe('alphaDecay', () => {
  it('equals exp(−x^alpha) to 1e-13 relative above the kernel threshold, for integer and fractional alphas', () => {
    for (const alpha of [1, 2, 3, 10, 40, 41.5, 70]) {
      for (let i = 0; i <= 400; i++) {
        const x = i / 250; // 0 … 1.6, across the kernel's fall-off and the 1 − y branch
        const want = Math.exp(-(x ** alpha));
        const got = alphaDecay(x, alpha);
        // relative error of x^alpha (a few ulps) times y: 1e-13 where the kernel is kept (≥ 1e-6)
        const tol = want >= 1e-6 ? 1e-13 * want : 1e-18;
        expect(Math.abs(got - want)).toBeLessThanOrEqual(tol);
        if (alpha % 2 === 0) expect(Math.abs(alphaDecaySquared(x * x, alpha) - want)).toBeLessThanOrEqual(tol);
      }
    }
  });
});
