/** Options, result and option checks of `kmeans` (kmeans.ts re-exports the public names). */
import { CutsInputError } from '@cuts/core';
import type { Floats } from './distance.js';

/** Options of `kmeans` (only `k` is required). */
export interface KmeansOptions {
  /** Number of clusters (1 ≤ k ≤ rows). */
  k: number;
  /** Independent k-means++ starts; the lowest-inertia run wins. Default 10. */
  restarts?: number;
  /** Lloyd iterations per start. Default 300. */
  maxIterations?: number;
  /**
   * Stop when every centroid moved less than `tolerance × mean per-column variance`
   * (squared distance, scale-free like scikit-learn; see `convergence`). Default 1e-6.
   */
  tolerance?: number;
  /** Seed of the k-means++ draws. Default 0. */
  seed?: number;
  /** Start from these k × dim centroids instead of k-means++ (one run, no restarts). */
  initialCentroids?: Floats;
  /**
   * Restarts are screened on a random subset of this many rows; only the best start is
   * then run to convergence on all rows. 0 (default) runs every start on all rows.
   */
  screenRows?: number;
  /**
   * Per-row weights (one per row, finite, > 0): a row of weight w counts as w copies of
   * itself in the k-means++ draws, the centroid means, the tolerance's column variance and
   * the inertia. Clustering the distinct rows of a matrix with their counts as weights is
   * clustering the matrix. Default: every row weighs 1.
   */
  weights?: Floats;
  /**
   * Candidates per k-means++ step. 1 (default): plain D² sampling. More: greedy k-means++,
   * each step draws that many candidates and keeps the one that lowers the potential most
   * (scikit-learn's `KMeans` uses 2 + ⌊ln k⌋).
   */
  localTrials?: number;
  /**
   * When a run stops. 'max-shift' (default): every centroid moved (squared) ≤ the tolerance.
   * 'sklearn': scikit-learn's rule — the squared moves summed over all centroids ≤ the
   * tolerance, then one last assignment step so the labels belong to the final centroids.
   */
  convergence?: 'max-shift' | 'sklearn';
  /**
   * Triangle-inequality bounds that let the Lloyd iterations skip distances (every assignment
   * step stays exact: same result either way). 'elkan' (default): one lower bound per row and
   * centre, best for many columns (embeddings). 'hamerly': one per row, faster for few
   * columns (pixel values, low-dimensional coordinates).
   */
  bounds?: 'elkan' | 'hamerly';
}

/** What `kmeans` returns: labels, centroids, inertia and cluster sizes. */
export interface KmeansResult {
  /** Cluster of every row, 0..k-1. */
  labels: Int32Array;
  /** k × dim centroids, row-major. */
  centroids: Float64Array;
  k: number;
  dim: number;
  /** Sum of squared distances of rows to their centroid (each × its weight, with `weights`). */
  inertia: number;
  /** Lloyd iterations of the winning run. */
  iterations: number;
  /** Rows per cluster (rows, not weights). */
  sizes: Int32Array;
}

/** Defaults of `kmeans`'s options. */
export const kmeansDefaults = {
  restarts: 10,
  maxIterations: 300,
  tolerance: 1e-6,
  seed: 0,
  screenRows: 0,
  localTrials: 1,
  convergence: 'max-shift',
  bounds: 'elkan',
} as const;

/** Checks the options `kmeans` takes beyond k (weights, local trials, convergence rule, bounds). */
export function assertKmeansOptions(options: KmeansOptions, rows: number): void {
  if (options.weights) assertWeights(options.weights, rows);
  const trials = options.localTrials;
  if (trials !== undefined && !(Number.isInteger(trials) && trials >= 1)) {
    throw new CutsInputError(`must be a positive integer, got ${trials}`, 'kmeans.localTrials');
  }
  const rule = options.convergence;
  if (rule !== undefined && rule !== 'max-shift' && rule !== 'sklearn') {
    throw new CutsInputError(`must be 'max-shift' or 'sklearn', got ${String(rule)}`, 'kmeans.convergence');
  }
  const bounds = options.bounds;
  if (bounds !== undefined && bounds !== 'elkan' && bounds !== 'hamerly') {
    throw new CutsInputError(`must be 'elkan' or 'hamerly', got ${String(bounds)}`, 'kmeans.bounds');
  }
}

function assertWeights(weights: Floats, rows: number): void {
  if (weights.length !== rows) {
    throw new CutsInputError(
      `has ${weights.length} values but the matrix has ${rows} rows (one weight per row)`,
      'kmeans.weights',
    );
  }
  for (let i = 0; i < rows; i++) {
    const w = weights[i];
    if (!(w > 0 && w < Infinity)) {
      throw new CutsInputError(
        `row ${i} has weight ${w}; every weight must be finite and > 0 (drop rows of weight 0)`,
        'kmeans.weights',
      );
    }
  }
}
