import { Rng, createEmbeddingMatrix, type EmbeddingMatrix } from '@cuts/core';

/**
 * `clusters` well-separated Gaussian blobs in `dim` dimensions: centres drawn at
 * distance ~`separation` apart (random directions), unit-σ·spread noise. Rows are
 * grouped by blob unless `truthOf` is given (maps row → blob).
 */
export function gaussianBlobs(
  clusters: number,
  perCluster: number,
  dim: number,
  seed: number,
  opts: { separation?: number; spread?: number; truthOf?: (row: number) => number } = {},
): { matrix: EmbeddingMatrix; truth: Int32Array } {
  const rng = new Rng(seed);
  const sep = opts.separation ?? 20;
  const spread = opts.spread ?? 1;
  const centres = new Float64Array(clusters * dim);
  for (let c = 0; c < clusters; c++) for (let t = 0; t < dim; t++) centres[c * dim + t] = rng.normal(0, sep);
  const n = clusters * perCluster;
  const matrix = createEmbeddingMatrix(n, dim);
  const truth = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = opts.truthOf ? opts.truthOf(i) : Math.floor(i / perCluster);
    truth[i] = c;
    for (let t = 0; t < dim; t++) matrix.data[i * dim + t] = centres[c * dim + t] + rng.normal(0, spread);
  }
  return { matrix, truth };
}

/** True when two labelings are the same partition (labels may be permuted). */
export function samePartition(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  const ab = new Map<number, number>();
  const ba = new Map<number, number>();
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if ((ab.has(x) && ab.get(x) !== y) || (ba.has(y) && ba.get(y) !== x)) return false;
    ab.set(x, y);
    ba.set(y, x);
  }
  return true;
}
