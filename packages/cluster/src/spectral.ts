import type { EmbeddingMatrix } from '@cuts/core';
import { kmeansOnBuffer } from './kmeans.js';
import { landmarkPotential, type LandmarkPotential } from './landmark-potential.js';
import { reducedSpace } from './pca.js';
import { potentialPca } from './potential-pca.js';
import { pairwiseDistances, silhouetteScore } from './silhouette.js';
import { assertClusterCount, assertMatrix } from './validate.js';

/** Options of `spectralKmeans`; every field defaults to `spectralDefaults`. */
export interface SpectralOptions {
  /** Clusters of the fixed-k result (the paper: 10). */
  k?: number;
  /** Kernel neighbours (reference: 100). */
  knn?: number;
  /** Alpha-decay exponent (reference: 40). */
  decay?: number;
  /** Landmarks (reference: 500). */
  landmarks?: number;
  /** Diffusion time (reference: 2). */
  t?: number;
  /** Neighbours are searched on this many principal components of the input (0 = raw). */
  pcaComponents?: number;
  /** Principal components of the potential that k-means runs on. */
  components?: number;
  /** Range of k for the label-free choice by silhouette on the landmarks; false = skip. */
  chooseK?: { min: number; max: number } | false;
  restarts?: number;
  seed?: number;
}

/** Defaults of `spectralKmeans`'s options (the paper's k = 10; PHATE's kernel). */
export const spectralDefaults = {
  k: 10,
  knn: 100,
  decay: 40,
  landmarks: 500,
  t: 2,
  pcaComponents: 32,
  components: 16,
  chooseK: { min: 2, max: 9 } as { min: number; max: number } | false,
  restarts: 10,
  seed: 0,
};

/** What `spectralKmeans` returns: fixed-k labels, and the label-free k with its labels when asked. */
export interface SpectralResult {
  /** Fixed-k labels, one per row. */
  labels: Int32Array;
  k: number;
  inertia: number;
  /** Label-free choice of k (highest landmark silhouette), when chooseK is on. */
  chosenK?: number;
  /** Labels with chosenK clusters. */
  chosenLabels?: Int32Array;
  /** Silhouette of each candidate k on the landmarks. */
  silhouettes?: { k: number; score: number }[];
  landmarks: number;
  /** Potential components k-means ran on, and the share of sketched variance they hold. */
  components: number;
  explainedVariance: number;
}

/**
 * "CUTS + k-means": k-means on PHATE's diffusion potential (alpha-decay kNN kernel,
 * landmarks, Pᵗ, −log), plus a label-free k reported beside the fixed-k result.
 */
export function spectralKmeans(
  matrix: EmbeddingMatrix,
  options: SpectralOptions = {},
  potential?: LandmarkPotential,
): SpectralResult {
  const o = { ...spectralDefaults, ...options };
  assertMatrix(matrix);
  assertClusterCount(o.k, matrix.rows, 'spectral.k');
  const n = matrix.rows;
  if (n < 3) {
    const labels = Int32Array.from({ length: n }, (_, i) => Math.min(i, o.k - 1));
    return { labels, k: o.k, inertia: 0, landmarks: n, components: 0, explainedVariance: 1 };
  }
  const pot = potential ?? spectralPotential(matrix, o);
  const m = Math.min(o.components, pot.L);
  const sketch = potentialPca(pot, Math.min(pot.L, m + 8), 1, o.seed + 1, () => m);
  const coords = sketch.scores;
  let kept = 0;
  let all = 0;
  sketch.sketchVariances.forEach((v, i) => {
    all += v;
    if (i < m) kept += v;
  });
  const fixed = kmeansOnBuffer(coords, n, m, { k: o.k, restarts: o.restarts, seed: o.seed, screenRows: 2048 });
  const result: SpectralResult = {
    labels: fixed.labels,
    k: o.k,
    inertia: fixed.inertia,
    landmarks: pot.L,
    components: m,
    explainedVariance: all > 0 ? kept / all : 1,
  };
  if (o.chooseK) {
    const choice = chooseKBySilhouette(coords, n, m, pot.cellOf, pot.L, o.chooseK, o.seed);
    result.chosenK = choice.k;
    result.silhouettes = choice.scores;
    result.chosenLabels =
      choice.k === o.k
        ? fixed.labels
        : kmeansOnBuffer(coords, n, m, { k: choice.k, restarts: o.restarts, seed: o.seed, screenRows: 2048 }).labels;
  }
  return result;
}

/**
 * The diffusion potential spectral k-means clusters: PCA of the raw rows (pcaComponents),
 * PHATE's landmark potential on it. Needs at least 3 rows.
 */
export function spectralPotential(
  matrix: EmbeddingMatrix,
  options: Pick<SpectralOptions, 'knn' | 'decay' | 'landmarks' | 't' | 'pcaComponents' | 'seed'> = {},
): LandmarkPotential {
  const o = { ...spectralDefaults, ...options };
  const { space, dim } = reducedSpace(matrix.data, matrix.rows, matrix.dim, o.pcaComponents);
  return landmarkPotential(space, matrix.rows, dim, o);
}

/** Silhouette-based k on the landmark means of the potential coordinates (L points). */
export function chooseKBySilhouette(
  coords: Float32Array,
  n: number,
  m: number,
  cellOf: Int32Array,
  L: number,
  range: { min: number; max: number },
  seed: number,
): { k: number; scores: { k: number; score: number }[] } {
  const means = new Float32Array(L * m);
  const sizes = new Int32Array(L);
  const acc = new Float64Array(L * m);
  for (let i = 0; i < n; i++) {
    const c = cellOf[i];
    sizes[c]++;
    for (let j = 0; j < m; j++) acc[c * m + j] += coords[i * m + j];
  }
  for (let c = 0; c < L; c++) for (let j = 0; j < m; j++) means[c * m + j] = acc[c * m + j] / Math.max(1, sizes[c]);
  const D = pairwiseDistances(means, L, m);
  const scores: { k: number; score: number }[] = [];
  let best = { k: Math.max(2, range.min), score: -Infinity };
  for (let k = Math.max(2, range.min); k <= Math.min(range.max, L - 1); k++) {
    const run = kmeansOnBuffer(means, L, m, { k, restarts: 5, seed });
    const score = silhouetteScore(D, L, run.labels, k);
    scores.push({ k, score });
    if (score > best.score) best = { k, score };
  }
  return { k: best.k, scores };
}
