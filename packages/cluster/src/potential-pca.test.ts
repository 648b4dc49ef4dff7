import { describe, expect, it } from 'vitest';
import { landmarkPotential } from './landmark-potential.js';
import { potentialPca } from './potential-pca.js';
import { gaussianBlobs } from './test-utils/blobs.js';

describe('potentialPca', () => {
  const { matrix } = gaussianBlobs(3, 100, 6, 2, { separation: 3 });
  const pot = landmarkPotential(matrix.data, 300, 6, { knn: 10, decay: 40, landmarks: 40, t: 2, seed: 1 });

  it('keep returns exactly the leading columns of the full scores', () => {
    const full = potentialPca(pot, 12, 1, 2);
    let seen: Float64Array | undefined;
    const part = potentialPca(pot, 12, 1, 2, (v) => {
      seen = v;
      return 5;
    });
    expect(full.components).toBe(12);
    expect(part.components).toBe(5);
    expect(Array.from(seen!)).toEqual(Array.from(full.sketchVariances));
    for (let i = 0; i < 300; i++) for (let c = 0; c < 5; c++) expect(part.scores[i * 5 + c]).toBe(full.scores[i * 12 + c]);
    expect(Array.from(part.variances)).toEqual(Array.from(full.variances.slice(0, 5)));
  });

  it('the scores are the centred potentials X = T·Φ projected on their principal axes (variances match)', () => {
    const { n, L, tPtr, tCol, tVal, potential } = pot;
    const X = new Float64Array(n * L);
    for (let i = 0; i < n; i++) for (let e = tPtr[i]; e < tPtr[i + 1]; e++) for (let c = 0; c < L; c++) X[i * L + c] += tVal[e] * potential[tCol[e] * L + c];
    const r = potentialPca(pot, 20, 2, 3, () => 3);
    for (let c = 0; c < 3; c++) {
      let s = 0;
      let s2 = 0;
      for (let i = 0; i < n; i++) {
        s += r.scores[i * 3 + c];
        s2 += r.scores[i * 3 + c] ** 2;
      }
      expect(s / n).toBeCloseTo(0, 3);
      expect((s2 - (s * s) / n) / (n - 1)).toBeCloseTo(r.variances[c], 1);
    }
    // total variance of X bounds the kept variance
    let total = 0;
    for (let c = 0; c < L; c++) {
      let s = 0;
      let s2 = 0;
      for (let i = 0; i < n; i++) {
        s += X[i * L + c];
        s2 += X[i * L + c] ** 2;
      }
      total += (s2 - (s * s) / n) / (n - 1);
    }
    expect(r.variances[0] + r.variances[1] + r.variances[2]).toBeLessThanOrEqual(total * (1 + 1e-6));
    expect(r.variances[0] + r.variances[1] + r.variances[2]).toBeGreaterThan(0.5 * total);
  });
});
