/**
 * The CUTS objective (reference §2): L = λ·NT-Xent + (1 − λ)·MSE.
 *
 * NT-Xent is computed within each image on L2-normalised embeddings, with
 * temperature τ: for row i, −log(exp(s_ip/τ) / Σ_{j≠i} exp(s_ij/τ)), averaged
 * over every row of every image. Rows sharing a group (an anchor, its
 * positive and, with augmentation, its augmented view) are positives of each
 * other; with several positives a row averages its −log terms over them
 * (with exactly one positive this is the plain NT-Xent). Cosine similarities
 * are ≤ 1, so exp(s/τ − 1/τ) never overflows and no max-shift is needed.
 *
 * MSE: mean squared error between each anchor's real P×P patch and the
 * head's reconstruction from the anchor's embedding (anchors only).
 */
import { tf } from '../backend/tf.js';

export interface LossLayout {
  readonly images: number;
  readonly rowsPerImage: number;
  /** Group id of each row within an image. */
  readonly groups: Int32Array;
  /**
   * [images, R, R]: 1 where two rows of an image are near-duplicate patches, left out of
   * each other's denominator (`WindowBatch.duplicates`); absent: every pair counts.
   */
  readonly duplicates?: Uint8Array;
}

/** Constant [R, R] matrices: off-diagonal mask and positive weights (1/|P(i)| on the positives of row i). */
export function contrastiveMasks(groups: Int32Array): { offDiagonal: Float32Array; positives: Float32Array } {
  const r = groups.length;
  const offDiagonal = new Float32Array(r * r).fill(1);
  const positives = new Float32Array(r * r);
  for (let i = 0; i < r; i++) {
    offDiagonal[i * r + i] = 0;
    let count = 0;
    for (let j = 0; j < r; j++) if (j !== i && groups[j] === groups[i]) count++;
    if (count === 0) throw new RangeError(`row ${i} has no positive`);
    for (let j = 0; j < r; j++) if (j !== i && groups[j] === groups[i]) positives[i * r + j] = 1 / count;
  }
  return { offDiagonal, positives };
}

/** The denominator mask of every image: off-diagonal, without its near-duplicate pairs. */
export function denominatorMask(offDiagonal: Float32Array, duplicates: Uint8Array, images: number): Float32Array {
  const rr = offDiagonal.length;
  if (duplicates.length !== images * rr)
    throw new RangeError(`duplicates mask has ${duplicates.length} entries, expected ${images * rr}`);
  const out = new Float32Array(images * rr);
  for (let b = 0; b < images; b++)
    for (let e = 0; e < rr; e++) out[b * rr + e] = duplicates[b * rr + e] ? 0 : offDiagonal[e];
  return out;
}

/** NT-Xent over z [images·R, D] (rows grouped per image). */
export function ntXent(z: tf.Tensor2D, layout: LossLayout, temperature: number): tf.Scalar {
  const { images, rowsPerImage: r } = layout;
  const { offDiagonal, positives } = contrastiveMasks(layout.groups);
  const denominator = layout.duplicates
    ? tf.tensor3d(denominatorMask(offDiagonal, layout.duplicates, images), [images, r, r])
    : tf.tensor2d(offDiagonal, [r, r]);
  const z3 = tf.reshape(z, [images, r, z.shape[1]]);
  const zn = tf.mul(z3, tf.rsqrt(tf.add(tf.sum(tf.square(z3), -1, true), 1e-12)));
  const sim = tf.mul(tf.matMul(zn, zn, false, true), 1 / temperature);
  const shifted = tf.exp(tf.sub(sim, 1 / temperature));
  const denom = tf.sum(tf.mul(shifted, denominator), -1);
  const logDenominator = tf.add(tf.log(denom), 1 / temperature);
  const positive = tf.sum(tf.mul(sim, tf.tensor2d(positives, [r, r])), -1);
  return tf.mul(tf.sum(tf.sub(logDenominator, positive)), 1 / (images * r)) as tf.Scalar;
}

/** Mean squared error over the rows where `rowMask` is 1 (all values of those rows). */
export function maskedMse(predicted: tf.Tensor2D, target: tf.Tensor2D, rowMask: tf.Tensor2D, rows: number): tf.Scalar {
  const diff = tf.mul(tf.sub(predicted, target), rowMask);
  return tf.mul(tf.sum(tf.square(diff)), 1 / (rows * predicted.shape[1])) as tf.Scalar;
}

export interface LossParts {
  readonly total: tf.Scalar;
  readonly contrastive: tf.Scalar;
  readonly reconstruction: tf.Scalar;
}

/** λ·contrastive + (1 − λ)·reconstruction. */
export function combineLosses(contrastive: tf.Scalar, reconstruction: tf.Scalar, lambda: number): LossParts {
  const total = tf.add(tf.mul(contrastive, lambda), tf.mul(reconstruction, 1 - lambda)) as tf.Scalar;
  return { total, contrastive, reconstruction };
}
