/**
 * Pixel k-means: k clusters of the pixel values scaled to [0, 1], best of
 * `restarts` runs (k-means++ seeding, Lloyd iterations, lowest inertia), as
 * scikit-learn's KMeans(n_clusters=10, n_init=10) did for the paper.
 *
 * Only the features are prepared here (the distinct pixel values — grey, or R, G, B with
 * alpha dropped — and their pixel counts); the clustering is `@cuts/cluster`'s weighted
 * k-means.
 */
import { kmeans } from '@cuts/cluster';
import { createLabelMap } from '@cuts/core/browser';
import type { LabelMap } from '@cuts/core/browser';
import type { Uint8Image } from './input.js';

/** Options of {@link kmeansPixels}. */
export interface KmeansPixelsOptions {
  /** Number of clusters (default 10; fewer when the image has fewer distinct colours). */
  readonly k?: number;
  /** Independent k-means++ starts; the lowest inertia wins (default 10). */
  readonly restarts?: number;
  /** Lloyd iterations per start at most (default 300). */
  readonly maxIterations?: number;
  /** Stop when the centres' squared moves sum to ≤ tolerance × mean feature variance (default 1e-4; sklearn's rule and tolerance). */
  readonly tolerance?: number;
  /** Seed of the k-means++ draws (default 0). */
  readonly seed?: number;
}

/** The defaults of {@link KmeansPixelsOptions}. */
export const kmeansPixelsDefaults = { k: 10, restarts: 10, maxIterations: 300, tolerance: 1e-4, seed: 0 } as const;

/** The distinct pixel values of an image, with how many pixels have each. */
export interface PixelColours {
  /**
   * One row per distinct value, in order of first appearance: the grey value, or R, G, B
   * (alpha dropped), each / 255, in float64 (numpy's precision: exact ties between
   * 8-bit levels break as they did for the documented figures).
   */
  readonly features: { readonly rows: number; readonly dim: number; readonly data: Float64Array };
  /** Pixels per distinct value (the k-means weights). */
  readonly counts: Float64Array;
  /** For every pixel (row-major), the row of its value in `features`. */
  readonly pixelToRow: Int32Array;
}

/**
 * The distinct pixel values and their pixel counts. k-means on them with the counts as
 * weights is k-means on every pixel (weighted k-means++ draws from the same distribution,
 * weighted means are the same centres) on fewer rows.
 */
export function pixelColours(image: Uint8Image): PixelColours {
  const c = image.channels;
  const dim = c === 1 ? 1 : 3;
  const n = image.height * image.width;
  const rowOf = new Map<number, number>();
  const pixelToRow = new Int32Array(n);
  const keys: number[] = [];
  const counts: number[] = [];
  for (let i = 0; i < n; i++) {
    let key = 0;
    for (let t = 0; t < dim; t++) key = (key << 8) | image.data[i * c + t];
    let row = rowOf.get(key);
    if (row === undefined) {
      row = keys.length;
      rowOf.set(key, row);
      keys.push(key);
      counts.push(0);
    }
    counts[row]++;
    pixelToRow[i] = row;
  }
  const data = new Float64Array(keys.length * dim);
  keys.forEach((key, row) => {
    for (let t = 0; t < dim; t++) data[row * dim + t] = ((key >>> (8 * (dim - 1 - t))) & 255) / 255;
  });
  return { features: { rows: keys.length, dim, data }, counts: Float64Array.from(counts), pixelToRow };
}

/**
 * Pixel k-means label map (ids 0..k−1). Deterministic under `seed`. Runs `@cuts/cluster`'s
 * k-means on the distinct colours weighted by their pixel counts, with scikit-learn's greedy
 * k-means++ (2 + ⌊ln k⌋ candidates per step) and stopping rule, as `KMeans` did for the paper.
 */
export function kmeansPixels(image: Uint8Image, options: KmeansPixelsOptions = {}): LabelMap {
  const d = kmeansPixelsDefaults;
  const { features, counts, pixelToRow } = pixelColours(image);
  const k = Math.min(options.k ?? d.k, features.rows);
  const result = kmeans(features, {
    k,
    restarts: options.restarts ?? d.restarts,
    maxIterations: options.maxIterations ?? d.maxIterations,
    tolerance: options.tolerance ?? d.tolerance,
    seed: options.seed ?? d.seed,
    weights: counts,
    localTrials: 2 + Math.floor(Math.log(k)),
    convergence: 'sklearn',
    bounds: 'hamerly',
  });
  const labels = createLabelMap(image.height, image.width);
  for (let i = 0; i < labels.data.length; i++) labels.data[i] = result.labels[pixelToRow[i]];
  return labels;
}
