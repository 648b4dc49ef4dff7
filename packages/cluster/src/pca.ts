import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import type { Floats } from './distance.js';
import { mulAAt, mulABt } from './gemm.js';

export interface PcaProjection {
  /** n × components scores (centred data times the principal axes), float32. */
  scores: Float32Array;
  components: number;
  /** Variance along each kept axis, descending. */
  variances: Float64Array;
}

/**
 * Principal-component scores of an n × dim buffer. The covariance is estimated from at
 * most `sampleRows` evenly spaced rows (the axes of a 16k-pixel image are stable on 4k
 * of them) and diagonalised with ml-matrix's symmetric eigensolver.
 */
export function pcaScores(data: Floats, n: number, dim: number, components: number, sampleRows = 4096): PcaProjection {
  const m = Math.min(components, dim);
  const step = Math.max(1, Math.floor(n / sampleRows));
  const mean = new Float64Array(dim);
  let used = 0;
  for (let i = 0; i < n; i += step, used++) for (let t = 0; t < dim; t++) mean[t] += data[i * dim + t];
  for (let t = 0; t < dim; t++) mean[t] /= used;
  // Scatter matrix: dot products of the centred sample's columns (each a sum over the
  // sampled rows in row order, as the textbook loop), through the register-blocked kernel.
  const centredT = new Float64Array(dim * used); // column-major centred sample
  for (let i = 0, r = 0; i < n; i += step, r++)
    for (let t = 0; t < dim; t++) centredT[t * used + r] = data[i * dim + t] - mean[t];
  const cov = mulAAt(centredT, dim, used, new Float64Array(dim * dim));
  const rows: number[][] = [];
  for (let a = 0; a < dim; a++) {
    const r = new Array<number>(dim);
    for (let b = 0; b < dim; b++) r[b] = (a <= b ? cov[a * dim + b] : cov[b * dim + a]) / Math.max(1, used - 1);
    rows.push(r);
  }
  const { vectors, values } = symmetricEigen(rows);
  const axes = new Float64Array(m * dim); // component-major
  const variances = new Float64Array(m);
  for (let c = 0; c < m; c++) {
    variances[c] = Math.max(0, values[c]);
    for (let t = 0; t < dim; t++) axes[c * dim + t] = vectors[t][c];
  }
  // Centre the axes once: score_c = x·axis_c − mean·axis_c; blocks of rows times the axes (mulABt).
  const offset = new Float64Array(m);
  for (let c = 0; c < m; c++) for (let t = 0; t < dim; t++) offset[c] += mean[t] * axes[c * dim + t];
  const scores = new Float32Array(n * m);
  const block = 256;
  const tmp = new Float64Array(block * m);
  for (let i0 = 0; i0 < n; i0 += block) {
    const rowsHere = Math.min(block, n - i0);
    mulABt(data.subarray(i0 * dim, (i0 + rowsHere) * dim), rowsHere, axes, m, dim, tmp);
    for (let r = 0; r < rowsHere; r++)
      for (let c = 0; c < m; c++) scores[(i0 + r) * m + c] = tmp[r * m + c] - offset[c];
  }
  return { scores, components: m, variances };
}

/**
 * The rows on their first `components` principal components, or the rows themselves when
 * that would not reduce them (0 or ≥ dim components): the search space of the potentials.
 */
export function reducedSpace(
  data: Float32Array,
  n: number,
  dim: number,
  components: number,
): { space: Float32Array; dim: number } {
  if (components <= 0 || components >= dim) return { space: data, dim };
  const pca = pcaScores(data, n, dim, components);
  return { space: pca.scores, dim: pca.components };
}

/** Eigenpairs of a symmetric matrix, eigenvalues descending; vectors[t][c] is entry t of vector c. */
export function symmetricEigen(rows: number[][]): { values: number[]; vectors: number[][] } {
  const evd = new EigenvalueDecomposition(new Matrix(rows), { assumeSymmetric: true });
  const values = evd.realEigenvalues;
  const V = evd.eigenvectorMatrix;
  const order = values.map((_, i) => i).sort((a, b) => values[b] - values[a]);
  const vectors = rows.map((_, t) => order.map((c) => V.get(t, c)));
  return { values: order.map((c) => values[c]), vectors };
}
