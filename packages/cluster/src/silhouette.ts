import { sqDist, type Floats } from './distance.js';

/**
 * Pairwise Euclidean distances of m points (m × m, float32). Only for small point sets
 * such as landmarks — never called on pixels.
 */
export function pairwiseDistances(data: Floats, m: number, dim: number): Float32Array {
  const D = new Float32Array(m * m);
  for (let i = 0; i < m; i++) {
    for (let j = i + 1; j < m; j++) {
      const d = Math.sqrt(sqDist(data, i, data, j, dim));
      D[i * m + j] = d;
      D[j * m + i] = d;
    }
  }
  return D;
}

/**
 * Mean silhouette coefficient (Rousseeuw 1987) of a labelling from a precomputed distance
 * matrix; points in singleton clusters score 0 (scikit-learn's convention).
 */
export function silhouetteScore(D: Float32Array, m: number, labels: Int32Array, k: number): number {
  const sums = new Float64Array(k);
  const sizes = new Int32Array(k);
  for (let i = 0; i < m; i++) sizes[labels[i]]++;
  let total = 0;
  for (let i = 0; i < m; i++) {
    sums.fill(0);
    const o = i * m;
    for (let j = 0; j < m; j++) sums[labels[j]] += D[o + j];
    const own = labels[i];
    if (sizes[own] <= 1) continue;
    const a = sums[own] / (sizes[own] - 1);
    let b = Infinity;
    for (let c = 0; c < k; c++) if (c !== own && sizes[c] > 0) b = Math.min(b, sums[c] / sizes[c]);
    if (!Number.isFinite(b)) continue;
    const denom = Math.max(a, b);
    total += denom > 0 ? (b - a) / denom : 0;
  }
  return total / m;
}
