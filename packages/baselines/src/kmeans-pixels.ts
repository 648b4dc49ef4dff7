/**
 * Pixel k-means: k clusters of the pixel values scaled to [0, 1], best of
 * `restarts` runs (k-means++ seeding, Lloyd iterations, lowest inertia), as
 * scikit-learn's KMeans(n_clusters=10, n_init=10) did for the paper.
 *
 * Only the features are prepared here (one row per pixel: the grey value, or
 * R, G, B with alpha dropped); the clustering is `@cuts/cluster`'s k-means.
 */
import { kmeans } from '@cuts/cluster';
import { createLabelMap } from '@cuts/core/browser';
import type { EmbeddingMatrix, LabelMap } from '@cuts/core/browser';
import type { Uint8Image } from './input.js';

/** Options of {@link kmeansPixels}. */
export interface KmeansPixelsOptions {
  /** Number of clusters (default 10; fewer when the image has fewer distinct colours). */
  readonly k?: number;
  /** Independent k-means++ starts; the lowest inertia wins (default 10). */
  readonly restarts?: number;
  /** Lloyd iterations per start at most (default 300). */
  readonly maxIterations?: number;
  /** Stop when no centre moves more than √(tolerance × mean feature variance) (default 1e-4, sklearn's tolerance). */
  readonly tolerance?: number;
  /** Seed of the k-means++ draws (default 0). */
  readonly seed?: number;
}

/** The defaults of {@link KmeansPixelsOptions}. */
export const kmeansPixelsDefaults = { k: 10, restarts: 10, maxIterations: 300, tolerance: 1e-4, seed: 0 } as const;

/**
 * One row per pixel (row-major): the grey value for 1-channel images, R, G, B
 * otherwise (alpha dropped), each / 255. Also counts the distinct rows, which
 * caps k (k-means cannot make more clusters than there are distinct points).
 */
export function pixelFeatures(image: Uint8Image): { features: EmbeddingMatrix; distinct: number } {
  const c = image.channels;
  const dim = c === 1 ? 1 : 3;
  const rows = image.height * image.width;
  const data = new Float32Array(rows * dim);
  const colours = new Set<number>();
  for (let i = 0; i < rows; i++) {
    let key = 0;
    for (let t = 0; t < dim; t++) {
      const v = image.data[i * c + t];
      data[i * dim + t] = v / 255;
      key = (key << 8) | v;
    }
    colours.add(key);
  }
  return { features: { rows, dim, data }, distinct: colours.size };
}

/** Pixel k-means label map (ids 0..k−1). Deterministic under `seed`. */
export function kmeansPixels(image: Uint8Image, options: KmeansPixelsOptions = {}): LabelMap {
  const d = kmeansPixelsDefaults;
  const { features, distinct } = pixelFeatures(image);
  const result = kmeans(features, {
    k: Math.min(options.k ?? d.k, distinct),
    restarts: options.restarts ?? d.restarts,
    maxIterations: options.maxIterations ?? d.maxIterations,
    tolerance: options.tolerance ?? d.tolerance,
    seed: options.seed ?? d.seed,
  });
  return createLabelMap(image.height, image.width, result.labels);
}
