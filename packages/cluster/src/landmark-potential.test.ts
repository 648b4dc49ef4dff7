import { describe, expect, it } from 'vitest';
import { landmarkPotential } from './landmark-potential.js';
import { gaussianBlobs } from './test-utils/blobs.js';

describe('landmarkPotential', () => {
  const { matrix } = gaussianBlobs(3, 80, 6, 2, { separation: 3 });
  const opts = { knn: 10, decay: 40, landmarks: 30, seed: 1 };
  const p1 = landmarkPotential(matrix.data, 240, 6, { ...opts, t: 1 });
  const p2 = landmarkPotential(matrix.data, 240, 6, { ...opts, t: 2 });
  const p3 = landmarkPotential(matrix.data, 240, 6, { ...opts, t: 3 });
  const L = p1.L;
  const P = Float64Array.from(p1.potential, (phi) => Math.exp(-phi) - 1e-7);

  it('has row-stochastic transitions and a row-stochastic landmark operator', () => {
    expect(L).toBe(30);
    for (let i = 0; i < 240; i++) {
      let s = 0;
      for (let e = p1.tPtr[i]; e < p1.tPtr[i + 1]; e++) s += p1.tVal[e];
      expect(s).toBeCloseTo(1, 12);
    }
    for (let r = 0; r < L; r++) {
      let s = 0;
      for (let c = 0; c < L; c++) s += P[r * L + c];
      expect(s).toBeCloseTo(1, 4);
    }
  });

  it('t = 2 (symmetric shortcut) and t = 3 (general product) match dense powers of P', () => {
    const mul = (A: Float64Array, B: Float64Array): Float64Array => {
      const C = new Float64Array(L * L);
      for (let r = 0; r < L; r++)
        for (let k = 0; k < L; k++) for (let c = 0; c < L; c++) C[r * L + c] += A[r * L + k] * B[k * L + c];
      return C;
    };
    const P2 = mul(P, P);
    const P3 = mul(P2, P);
    for (let q = 0; q < L * L; q++) {
      expect(p2.potential[q]).toBeCloseTo(Math.fround(-Math.log(Math.max(0, P2[q]) + 1e-7)), 2);
      expect(p3.potential[q]).toBeCloseTo(Math.fround(-Math.log(Math.max(0, P3[q]) + 1e-7)), 2);
    }
  });
});
