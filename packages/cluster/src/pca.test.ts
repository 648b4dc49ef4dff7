import { describe, expect, it } from 'vitest';
import { Rng } from '@cuts/core';
import { mulABt } from './gemm.js';
import { pcaScores, symmetricEigen } from './pca.js';

/** The previous textbook covariance loop, then the same eigensolve and projection. */
function naivePcaScores(data: Float32Array, n: number, dim: number, m: number, sampleRows = 4096): Float32Array {
  const step = Math.max(1, Math.floor(n / sampleRows));
  const mean = new Float64Array(dim);
  let used = 0;
  for (let i = 0; i < n; i += step, used++) for (let t = 0; t < dim; t++) mean[t] += data[i * dim + t];
  for (let t = 0; t < dim; t++) mean[t] /= used;
  const cov = new Float64Array(dim * dim);
  const row = new Float64Array(dim);
  for (let i = 0; i < n; i += step) {
    for (let t = 0; t < dim; t++) row[t] = data[i * dim + t] - mean[t];
    for (let a = 0; a < dim; a++) for (let b = a; b < dim; b++) cov[a * dim + b] += row[a] * row[b];
  }
  const rows = Array.from({ length: dim }, (_, a) =>
    Array.from({ length: dim }, (_, b) => (a <= b ? cov[a * dim + b] : cov[b * dim + a]) / Math.max(1, used - 1)),
  );
  const { vectors } = symmetricEigen(rows);
  const axes = new Float64Array(m * dim);
  for (let c = 0; c < m; c++) for (let t = 0; t < dim; t++) axes[c * dim + t] = vectors[t][c];
  const offset = new Float64Array(m);
  for (let c = 0; c < m; c++) for (let t = 0; t < dim; t++) offset[c] += mean[t] * axes[c * dim + t];
  const tmp = mulABt(data, n, axes, m, dim, new Float64Array(n * m));
  return Float32Array.from(tmp, (v, q) => v - offset[q % m]);
}

describe('pcaScores', () => {
  it('is bit-identical to the textbook covariance loop (with and without row sampling)', () => {
    const rng = new Rng(11);
    for (const [n, dim, m, sample] of [
      [300, 9, 4, 4096],
      [1000, 20, 6, 250],
    ]) {
      const data = Float32Array.from(rng.fillNormal(new Float64Array(n * dim)), (v, q) => v * (1 + (q % dim)));
      const fast = pcaScores(data, n, dim, m, sample);
      const slow = naivePcaScores(data, n, dim, m, sample);
      expect(Buffer.from(fast.scores.buffer).equals(Buffer.from(slow.buffer))).toBe(true);
    }
  });

  it('finds the one direction of points on a line (known answer)', () => {
    const n = 200;
    const data = new Float32Array(n * 3);
    for (let i = 0; i < n; i++) {
      const s = i - 99.5;
      data[i * 3] = 2 * s + 1;
      data[i * 3 + 1] = -s;
      data[i * 3 + 2] = 2 * s;
    }
    const r = pcaScores(data, n, 3, 2);
    let v = 0;
    for (let i = 0; i < n; i++) v += (3 * (i - 99.5)) ** 2;
    expect(r.variances[0]).toBeCloseTo(v / (n - 1), 6);
    expect(r.variances[1]).toBeCloseTo(0, 6);
    for (let i = 0; i < n; i++) expect(Math.abs(r.scores[i * 2])).toBeCloseTo(3 * Math.abs(i - 99.5), 3);
  });
});
