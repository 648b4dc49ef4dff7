import { describe, expect, it } from 'vitest';
import { landmarkPotential } from './landmark-potential.js';
import { orthonormalizeColumns, potentialPca } from './potential-pca.js';
import { Rng } from '@cuts/core';
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
    for (let i = 0; i < 300; i++)
      for (let c = 0; c < 5; c++) expect(part.scores[i * 5 + c]).toBe(full.scores[i * 12 + c]);
    expect(Array.from(part.variances)).toEqual(Array.from(full.variances.slice(0, 5)));
  });

  it('the scores are the centred potentials X = T·Φ projected on their principal axes (variances match)', () => {
    const { n, L, tPtr, tCol, tVal, potential } = pot;
    const X = new Float64Array(n * L);
    for (let i = 0; i < n; i++)
      for (let e = tPtr[i]; e < tPtr[i + 1]; e++)
        for (let c = 0; c < L; c++) X[i * L + c] += tVal[e] * potential[tCol[e] * L + c];
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

/** The previous row-by-row CholeskyQR2 (textbook loops), kept as the reference. */
function naiveOrthonormalize(Y: Float64Array, n: number, q: number): Float64Array {
  for (let pass = 0; pass < 2; pass++) {
    const G = new Float64Array(q * q);
    for (let i = 0; i < n; i++)
      for (let a = 0; a < q; a++) for (let b = a; b < q; b++) G[a * q + b] += Y[i * q + a] * Y[i * q + b];
    const R = new Float64Array(q * q);
    let scale = 0;
    for (let a = 0; a < q; a++) scale = Math.max(scale, G[a * q + a]);
    const eps = scale * 1e-13 + 1e-300;
    for (let a = 0; a < q; a++) {
      let d = G[a * q + a];
      for (let p = 0; p < a; p++) d -= R[p * q + a] * R[p * q + a];
      const r = d > eps ? Math.sqrt(d) : 0;
      R[a * q + a] = r;
      for (let b = a + 1; b < q; b++) {
        let s = G[a * q + b];
        for (let p = 0; p < a; p++) s -= R[p * q + a] * R[p * q + b];
        R[a * q + b] = r > 0 ? s / r : 0;
      }
    }
    const Rinv = new Float64Array(q * q);
    for (let a = q - 1; a >= 0; a--) {
      const r = R[a * q + a];
      if (r === 0) continue;
      Rinv[a * q + a] = 1 / r;
      for (let b = a + 1; b < q; b++) {
        let s = 0;
        for (let p = a + 1; p <= b; p++) s += R[a * q + p] * Rinv[p * q + b];
        Rinv[a * q + b] = -s / r;
      }
    }
    const row = new Float64Array(q);
    for (let i = 0; i < n; i++) {
      row.fill(0);
      for (let a = 0; a < q; a++) {
        const v = Y[i * q + a];
        if (v === 0) continue;
        for (let b = a; b < q; b++) row[b] += v * Rinv[a * q + b];
      }
      for (let b = 0; b < q; b++) Y[i * q + b] = row[b];
    }
  }
  return Y;
}

describe('orthonormalizeColumns', () => {
  it('is bit-identical to the textbook loops and gives orthonormal columns (a dependent column is zeroed)', () => {
    const rng = new Rng(9);
    for (const [n, q] of [
      [257, 7],
      [1000, 24],
    ]) {
      const Y = rng.fillNormal(new Float64Array(n * q));
      for (let i = 0; i < n; i++) {
        Y[i * q + 3] = 2 * Y[i * q + 1]; // dependent column
        if (i % 5 === 0) Y[i * q + 2] = 0; // exact zeros (skipped by the textbook loop)
      }
      const fast = orthonormalizeColumns(Float64Array.from(Y), n, q);
      const slow = naiveOrthonormalize(Float64Array.from(Y), n, q);
      expect(Buffer.from(fast.buffer).equals(Buffer.from(slow.buffer))).toBe(true);
      for (let a = 0; a < q; a++) {
        for (let b = a; b < q; b++) {
          let s = 0;
          for (let i = 0; i < n; i++) s += fast[i * q + a] * fast[i * q + b];
          expect(s).toBeCloseTo(a === b && a !== 3 ? 1 : 0, 9);
        }
      }
    }
  });
});
