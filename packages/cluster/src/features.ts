/**
 * The feature matrix a clustering runs on: the learned embedding, the raw pixels
 * (the model input itself, one row per pixel, one column per channel — the
 * control that tells whether the learning paid), or both side by side.
 *
 * `both` scales the pixel block so that its total variance is `pixelWeight` times
 * the embedding's, so the balance does not depend on the embedding's width or scale.
 */
import { CutsInputError, createEmbeddingMatrix, type EmbeddingMatrix, type Image } from '@cuts/core';

/** What the clustering runs on: the learned embedding, the raw pixels, or both side by side. */
export type FeatureMode = 'embedding' | 'pixels' | 'both';
/** Every `FeatureMode`. */
export const featureModes: readonly FeatureMode[] = ['embedding', 'pixels', 'both'];

/** The image as a rows × channels matrix (row = pixel, row-major like every map). */
export function pixelFeatures(image: Image): EmbeddingMatrix {
  return createEmbeddingMatrix(image.height * image.width, image.channels, Float32Array.from(image.data));
}

/** Sum over columns of each column's (population) variance. */
export function totalVariance(m: EmbeddingMatrix): number {
  const { rows, dim, data } = m;
  const sum = new Float64Array(dim);
  const sq = new Float64Array(dim);
  for (let i = 0; i < rows; i++) {
    const o = i * dim;
    for (let j = 0; j < dim; j++) {
      const v = data[o + j];
      sum[j] += v;
      sq[j] += v * v;
    }
  }
  let total = 0;
  for (let j = 0; j < dim; j++) {
    const mean = sum[j] / rows;
    total += Math.max(0, sq[j] / rows - mean * mean);
  }
  return total;
}

/** Columns of `a` then columns of `b`·scale, row by row. */
export function concatColumns(a: EmbeddingMatrix, b: EmbeddingMatrix, scale = 1): EmbeddingMatrix {
  if (a.rows !== b.rows) throw new CutsInputError(`cannot join features of ${a.rows} and ${b.rows} rows`, 'features');
  const dim = a.dim + b.dim;
  const out = new Float32Array(a.rows * dim);
  for (let i = 0; i < a.rows; i++) {
    const o = i * dim;
    out.set(a.data.subarray(i * a.dim, (i + 1) * a.dim), o);
    for (let j = 0; j < b.dim; j++) out[o + a.dim + j] = b.data[i * b.dim + j] * scale;
  }
  return createEmbeddingMatrix(a.rows, dim, out);
}

/** The inputs `buildFeatures` combines. */
export interface FeatureInput {
  /** The model input image (needed for `pixels` and `both`). */
  readonly image: Image;
  /** The learned embedding of that image (needed for `embedding` and `both`). */
  readonly embedding?: EmbeddingMatrix;
}

/** Builds the matrix that `mode` asks for. */
export function buildFeatures(mode: FeatureMode, input: FeatureInput, pixelWeight = 1): EmbeddingMatrix {
  if (mode === 'pixels') return pixelFeatures(input.image);
  const { embedding } = input;
  if (!embedding) throw new CutsInputError(`features "${mode}" need an embedding`, 'features');
  if (mode === 'embedding') return embedding;
  const pixels = pixelFeatures(input.image);
  const pv = totalVariance(pixels);
  // a flat image adds nothing (and must not divide by zero)
  const scale = pv > 1e-12 ? Math.sqrt((pixelWeight * totalVariance(embedding)) / pv) : 0;
  return concatColumns(embedding, pixels, scale);
}
