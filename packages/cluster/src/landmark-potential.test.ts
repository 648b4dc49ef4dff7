import { describe, expect, it } from 'vitest';
import { Rng } from '@cuts/core';
import { knnGraph } from './knn.js';
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

  it('transitions are the row-normalised symmetric kernel (K + Kᵀ)/2 + I summed over landmark cells (dense reference)', () => {
    const n = 240;
    const k = 10;
    const decay = 2; // a smooth kernel: every weight differs, so a swapped or lost edge shows
    const p = landmarkPotential(matrix.data, n, 6, { knn: k, decay, landmarks: 30, t: 1, seed: 7 });
    // the same graph landmarkPotential searched (its first draw from the seed's generator)
    const g = knnGraph(matrix.data, n, 6, k, { seed: new Rng(7).nextUint32() });
    const K = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      const row = Array.from(g.distances.subarray(i * k, i * k + k)).sort((a, b) => b - a);
      const sigma = row[1]; // the knn-th point counting the point itself
      for (let r = 0; r < k; r++) {
        const v = Math.exp(-((g.distances[i * k + r] / sigma) ** decay));
        const w = v >= 1e-4 ? v : 0;
        K[i * n + g.indices[i * k + r]] += 0.5 * w;
        K[g.indices[i * k + r] * n + i] += 0.5 * w;
      }
      K[i * n + i] += 1;
    }
    for (let i = 0; i < n; i++) {
      const raw = new Float64Array(p.L);
      for (let j = 0; j < n; j++) raw[p.cellOf[j]] += K[i * n + j];
      const total = raw.reduce((a, b) => a + b, 0);
      const got = new Float64Array(p.L);
      for (let e = p.tPtr[i]; e < p.tPtr[i + 1]; e++) got[p.tCol[e]] = p.tVal[e];
      for (let c = 0; c < p.L; c++) expect(got[c]).toBeCloseTo(raw[c] / total, 12);
    }
  });
});
