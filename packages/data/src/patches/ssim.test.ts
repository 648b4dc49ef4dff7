import { describe, expect, it } from 'vitest';
import { patchDataRange, patchSsim, readPatch } from './ssim.js';

describe('patch SSIM', () => {
  it('is 1 for identical patches and symmetric', () => {
    const a = Float32Array.from({ length: 25 }, (_, i) => Math.sin(i));
    const b = Float32Array.from({ length: 25 }, (_, i) => Math.cos(i * 0.7));
    expect(patchSsim(a, a, 5, 1, 5, patchDataRange(a))).toBeCloseTo(1, 12);
    expect(patchSsim(a, b, 5, 1, 5, 2)).toBeCloseTo(patchSsim(b, a, 5, 1, 5, 2), 12);
  });

  it('matches a hand computation (uniform 5×5 window, sample covariance, K1 = 0.01, K2 = 0.03)', () => {
    // a = 0..24, b = 2a + 1 with data range 24: μa = 12, μb = 25,
    // var(a) = 25/24·(mean(a²) − μa²) = 25/24·52 = 54.1667, var(b) = 4·var(a), cov = 2·var(a)
    const a = Float32Array.from({ length: 25 }, (_, i) => i);
    const b = a.map((v) => 2 * v + 1);
    const c1 = (0.01 * 24) ** 2;
    const c2 = (0.03 * 24) ** 2;
    const va = (25 / 24) * 52;
    const want = ((2 * 12 * 25 + c1) * (2 * 2 * va + c2)) / ((144 + 625 + c1) * (va + 4 * va + c2));
    expect(patchSsim(a, b, 5, 1, 5, 24)).toBeCloseTo(want, 6);
  });

  it('averages channels and window positions; flat patches get data range 1', () => {
    const flat = new Float32Array(2 * 9).fill(0.3);
    expect(patchDataRange(flat)).toBe(1);
    const other = flat.map((v, i) => (i < 9 ? v : -v));
    // channel 0 identical (SSIM 1); channel 1: constant 0.3 vs −0.3 with range 1 → (2·(−0.09) + c1)/(0.18 + c1)
    const c1 = 0.01 ** 2;
    const ch1 = (-0.18 + c1) / (0.18 + c1);
    expect(patchSsim(flat, other, 3, 2, 2, 1)).toBeCloseTo((1 + ch1) / 2, 10);
  });

  it('reads channel-major patches out of an HWC image', () => {
    // 3×3 image, 2 channels: value = 10·(y·3 + x) + c
    const img = Float32Array.from({ length: 18 }, (_, i) => 10 * Math.floor(i / 2) + (i % 2));
    const out = readPatch(img, 3, 2, 1, 1, 2, new Float32Array(8));
    expect(Array.from(out)).toEqual([40, 50, 70, 80, 41, 51, 71, 81]);
  });
});
