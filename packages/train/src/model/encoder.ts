/**
 * Forward passes of the encoder and the reconstruction head.
 *
 * - `encodeWindows`: valid convolutions on a batch of (2r+1)² receptive-field
 *   windows; the output is the embedding of each window's centre pixel.
 *   In `train` mode BatchNorm normalises with the statistics of the current
 *   batch, taken over every window and every spatial position of that layer's
 *   (shrinking) feature maps — all positions whose values reach a sampled
 *   pixel's embedding — and updates the running statistics (PyTorch's rule:
 *   momentum m, unbiased variance). In `inference` mode it uses the running
 *   statistics, so the result equals the full-image embedding at that pixel
 *   (for pixels ≥ r from the border).
 * - `encodeImage`: the full-resolution encoder in inference mode ("same"
 *   convolutions with replicate padding, BatchNorm folded into the
 *   convolution, fused bias + LeakyReLU).
 */
import { tf } from '../backend/tf.js';
import type { ConvBlock, CutsModel } from './model.js';
import { embeddingDim } from './model.js';

export type NormMode = 'train' | 'inference';

function leaky(x: tf.Tensor, slope: number): tf.Tensor {
  return tf.leakyRelu(x, slope);
}

/**
 * Training-mode BatchNorm over axes [0, 1, 2] of [N, H, W, C]: (y − μ)·γ/√(σ² + ε) + β
 * with the biased batch variance σ², written with differentiable elementwise
 * ops (tf.batchNorm has no usable gradient here).
 */
export function batchNormTraining(
  y: tf.Tensor,
  gamma: tf.Tensor,
  beta: tf.Tensor,
  eps: number,
): { normed: tf.Tensor; mean: tf.Tensor; variance: tf.Tensor; count: number } {
  const [d0, d1, d2] = y.shape as number[];
  const count = d0 * d1 * d2;
  const mean = tf.mul(tf.sum(y, [0, 1, 2]), 1 / count);
  const centred = tf.sub(y, mean);
  const variance = tf.mul(tf.sum(tf.square(centred), [0, 1, 2]), 1 / count);
  const normed = tf.add(tf.mul(centred, tf.mul(gamma, tf.rsqrt(tf.add(variance, eps)))), beta);
  return { normed, mean, variance, count };
}

/**
 * BatchNorm (batch statistics + running-statistics update in `train` mode,
 * running statistics in `inference` mode) and LeakyReLU after a block's convolution.
 */
export function normaliseAndActivate(model: CutsModel, b: ConvBlock, y: tf.Tensor, mode: NormMode): tf.Tensor4D {
  const { batchNormEpsilon: eps, batchNormMomentum: momentum, leakySlope } = model.config;
  let normed: tf.Tensor;
  if (mode === 'train') {
    const { normed: nt, mean, variance, count } = batchNormTraining(y, b.gamma, b.beta, eps);
    normed = nt;
    b.movingMean.assign(tf.add(tf.mul(b.movingMean, 1 - momentum), tf.mul(mean, momentum)));
    const unbiased = count > 1 ? count / (count - 1) : 1;
    b.movingVariance.assign(tf.add(tf.mul(b.movingVariance, 1 - momentum), tf.mul(variance, momentum * unbiased)));
  } else {
    const scale = tf.mul(b.gamma, tf.rsqrt(tf.add(b.movingVariance, eps)));
    normed = tf.add(tf.mul(tf.sub(y, b.movingMean), scale), b.beta);
  }
  return leaky(normed, leakySlope) as tf.Tensor4D;
}

/** Embeddings [N, D] of the centre pixels of windows [N, s, s, C]. Must run inside a tidy/grad scope. */
export function encodeWindows(model: CutsModel, windows: tf.Tensor4D, mode: NormMode): tf.Tensor2D {
  let x: tf.Tensor4D = windows;
  for (const b of model.blocks) {
    x = normaliseAndActivate(model, b, tf.add(tf.conv2d(x, b.kernel as tf.Tensor4D, 1, 'valid'), b.bias), mode);
  }
  const [, h, w] = x.shape as number[];
  if (h !== 1 || w !== 1) {
    throw new RangeError(`windows of side ${windows.shape[1]} do not match the receptive field (left ${h}×${w})`);
  }
  return tf.reshape(x, [x.shape[0], embeddingDim(model.config)]);
}

/** Reconstructed patches [N, C·P²] (channel-major) from embeddings [N, D]. */
export function reconstructPatches(model: CutsModel, z: tf.Tensor2D): tf.Tensor2D {
  const h = model.head;
  const hidden = leaky(tf.add(tf.matMul(z, h.kernel1 as tf.Tensor2D), h.bias1), model.config.leakySlope) as tf.Tensor2D;
  return tf.add(tf.matMul(hidden, h.kernel2 as tf.Tensor2D), h.bias2) as tf.Tensor2D;
}

/** Replicate ("edge") padding of `p` px on both spatial axes of [N, H, W, C]. */
export function replicatePad(x: tf.Tensor4D, p: number): tf.Tensor4D {
  if (p === 0) return x;
  const [n, h, w, c] = x.shape;
  const top = tf.tile(tf.slice(x, [0, 0, 0, 0], [n, 1, w, c]), [1, p, 1, 1]);
  const bottom = tf.tile(tf.slice(x, [0, h - 1, 0, 0], [n, 1, w, c]), [1, p, 1, 1]);
  const rows = tf.concat([top, x, bottom], 1);
  const left = tf.tile(tf.slice(rows, [0, 0, 0, 0], [n, h + 2 * p, 1, c]), [1, 1, p, 1]);
  const right = tf.tile(tf.slice(rows, [0, 0, w - 1, 0], [n, h + 2 * p, 1, c]), [1, 1, p, 1]);
  return tf.concat([left, rows, right], 2) as tf.Tensor4D;
}

/** Inference-mode BatchNorm folded into each convolution: kernel·s and (bias − μ)·s + β, s = γ/√(σ²+ε). */
export function foldedConvolutions(model: CutsModel): { kernel: tf.Tensor4D; bias: tf.Tensor1D }[] {
  const eps = model.config.batchNormEpsilon;
  return model.blocks.map((b) =>
    tf.tidy(() => {
      const scale = tf.mul(b.gamma, tf.rsqrt(tf.add(b.movingVariance, eps)));
      return {
        kernel: tf.mul(b.kernel, scale) as tf.Tensor4D,
        bias: tf.add(tf.mul(tf.sub(b.bias, b.movingMean), scale), b.beta) as tf.Tensor1D,
      };
    }),
  );
}

/** Full-resolution embedding map [N, H, W, D] of images [N, H, W, C] (inference mode). */
export function encodeImages(
  model: CutsModel,
  images: tf.Tensor4D,
  folded: { kernel: tf.Tensor4D; bias: tf.Tensor1D }[],
): tf.Tensor4D {
  const half = (model.config.kernelSize - 1) / 2;
  let x = images;
  for (const f of folded) {
    x = tf.fused.conv2d({
      x: replicatePad(x, half),
      filter: f.kernel,
      bias: f.bias,
      strides: 1,
      pad: 'valid',
      activation: 'leakyrelu',
      leakyreluAlpha: model.config.leakySlope,
    });
  }
  return x;
}
