/**
 * One training iteration on receptive-field windows:
 * sample positions (typed arrays) → pack windows → upload once → forward +
 * loss → gradients → finiteness check → AdamW update.
 */
import { buildWindowBatch, samplePositions, type PatchAugmentation, type WindowBatch } from '@cuts/data';
import { tf, type CutsConfig, type Image, type Rng, type TrainConfig } from '@cuts/core';
import { combineLosses, maskedMse, ntXent, type LossLayout, type LossParts } from './loss/loss.js';
import { encodeWindows, reconstructPatches, type NormMode } from './model/encoder.js';
import { receptiveRadius, type CutsModel } from './model/model.js';
import type { AdamW } from './optim/adamw.js';

/** A batch in tensor form (uploaded once); `dispose` frees it. */
export interface PreparedBatch {
  readonly windows: tf.Tensor4D;
  /** [rows, C·P²]: the anchor patches on anchor rows, zeros elsewhere. */
  readonly targets: tf.Tensor2D;
  /** [rows, 1]: 1 on anchor rows. */
  readonly rowMask: tf.Tensor2D;
  readonly anchors: number;
  readonly layout: LossLayout;
  dispose(): void;
}

export interface StepLosses {
  readonly loss: number;
  readonly contrastive: number;
  readonly reconstruction: number;
}

/** Thrown when a loss or gradient is NaN/±Inf; nothing was applied to the weights. */
export class NonFiniteLossError extends Error {
  readonly losses: StepLosses;
  constructor(losses: StepLosses, gradientSum: number) {
    super(
      `non-finite training loss (loss ${losses.loss}, NT-Xent ${losses.contrastive}, MSE ${losses.reconstruction}, gradient sum ${gradientSum})`,
    );
    this.name = 'NonFiniteLossError';
    this.losses = losses;
  }
}

/** Samples anchors/positives for `images` and packs their windows (CPU side, no tensors). */
export function sampleWindowBatch(
  images: readonly Image[],
  config: CutsConfig,
  rng: Rng,
  augmentations: readonly PatchAugmentation[] = [],
): WindowBatch {
  const sample = samplePositions(images, { ...config.sampler, patchSize: config.model.patchSize }, rng);
  return buildWindowBatch(images, sample, {
    radius: receptiveRadius(config.model),
    patchSize: config.model.patchSize,
    augmentations,
    rng,
  });
}

/** Uploads a packed batch: one tensor for the windows, one for the targets, one row mask. */
export function uploadBatch(batch: WindowBatch, patchSize: number): PreparedBatch {
  const t = batch.channels * patchSize * patchSize;
  const s = batch.targets.length / t / batch.images;
  const rows = batch.count;
  const targets = new Float32Array(rows * t);
  const mask = new Float32Array(rows);
  for (let b = 0; b < batch.images; b++) {
    for (let i = 0; i < s; i++) {
      const row = b * batch.rowsPerImage + i;
      targets.set(batch.targets.subarray((b * s + i) * t, (b * s + i + 1) * t), row * t);
      mask[row] = 1;
    }
  }
  const windows = tf.tensor4d(batch.windows, [rows, batch.side, batch.side, batch.channels]);
  const targetTensor = tf.tensor2d(targets, [rows, t]);
  const rowMask = tf.tensor2d(mask, [rows, 1]);
  return {
    windows,
    targets: targetTensor,
    rowMask,
    anchors: batch.images * s,
    layout: { images: batch.images, rowsPerImage: batch.rowsPerImage, groups: batch.groups },
    dispose() {
      windows.dispose();
      targetTensor.dispose();
      rowMask.dispose();
    },
  };
}

/** The loss of a prepared batch (tensors; call inside tidy or a gradient scope). */
export function batchLoss(model: CutsModel, batch: PreparedBatch, train: TrainConfig, mode: NormMode): LossParts {
  const z = encodeWindows(model, batch.windows, mode);
  const contrastive = ntXent(z, batch.layout, train.temperature);
  const reconstruction = maskedMse(reconstructPatches(model, z), batch.targets, batch.rowMask, batch.anchors);
  return combineLosses(contrastive, reconstruction, train.lambda);
}

/** Loss values of a batch in inference mode (no update); used for validation. */
export function evaluateBatch(model: CutsModel, batch: PreparedBatch, train: TrainConfig): StepLosses {
  const v = tf.tidy(() => {
    const p = batchLoss(model, batch, train, 'inference');
    return tf.stack([p.total, p.contrastive, p.reconstruction]);
  });
  const [loss, contrastive, reconstruction] = v.dataSync();
  v.dispose();
  return { loss, contrastive, reconstruction };
}

/**
 * Forward, backward, finiteness check and AdamW update at learning rate `lr`.
 * BatchNorm running statistics are updated as part of the forward pass.
 * Throws NonFiniteLossError (weights untouched) when the loss or the
 * gradients are not finite.
 */
export function trainStep(model: CutsModel, optimizer: AdamW, batch: PreparedBatch, train: TrainConfig, lr: number): StepLosses {
  const vars = optimizer.params;
  let parts: tf.Scalar[] = [];
  const { value, grads } = tf.variableGrads(() => {
    const p = batchLoss(model, batch, train, 'train');
    parts = [tf.keep(p.contrastive), tf.keep(p.reconstruction)];
    return p.total;
  }, vars as tf.Variable[]);
  const gradList = vars.map((v) => grads[v.name]);
  const summary = tf.tidy(() => tf.stack([value, parts[0], parts[1], tf.addN(gradList.map((g) => tf.sum(g)))]));
  const [loss, contrastive, reconstruction, gradientSum] = summary.dataSync();
  summary.dispose();
  value.dispose();
  for (const p of parts) p.dispose();
  const losses = { loss, contrastive, reconstruction };
  if (![loss, contrastive, reconstruction, gradientSum].every(Number.isFinite)) {
    for (const g of gradList) g.dispose();
    throw new NonFiniteLossError(losses, gradientSum);
  }
  optimizer.apply(gradList, lr);
  for (const g of gradList) g.dispose();
  return losses;
}
