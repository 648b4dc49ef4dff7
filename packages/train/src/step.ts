/**
 * One training iteration on receptive-field windows (default) or on whole
 * images (`train.inputs: 'full'`): sample positions (typed arrays) → pack
 * windows or a pixel selection → upload once → forward + loss → gradients →
 * finiteness check → AdamW update.
 */
import { buildWindowBatch, samplePositions, type PatchAugmentation, type WindowBatch } from '@cuts/data';
import type { CutsConfig, Image, Rng, TrainConfig } from '@cuts/core';
import { tf } from './backend/tf.js';
import { combineLosses, maskedMse, ntXent, type LossLayout, type LossParts } from './loss/loss.js';
import { encodeWindows, reconstructPatches, type NormMode } from './model/encoder.js';
import { embeddingsAt, encodeFullImages, pixelSelection } from './model/full-image.js';
import { receptiveRadius, type CutsModel } from './model/model.js';
import type { AdamW } from './optim/adamw.js';

/** A batch in tensor form (uploaded once); `dispose` frees it. */
export interface PreparedBatch {
  /** Embeddings [rows, D] of the batch's sampled pixels (inside a tidy/grad scope). */
  encode(model: CutsModel, mode: NormMode): tf.Tensor2D;
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
    duplicateMse: config.sampler.duplicateMse,
  });
}

interface UploadedTargets {
  targets: tf.Tensor2D;
  rowMask: tf.Tensor2D;
  anchors: number;
  layout: LossLayout;
  dispose(): void;
}

/** The reconstruction targets (anchor rows) and the row mask of a packed batch, uploaded. */
function uploadTargets(batch: WindowBatch, patchSize: number): UploadedTargets {
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
  const targetTensor = tf.tensor2d(targets, [rows, t]);
  const rowMask = tf.tensor2d(mask, [rows, 1]);
  return {
    targets: targetTensor,
    rowMask,
    anchors: batch.images * s,
    layout: {
      images: batch.images,
      rowsPerImage: batch.rowsPerImage,
      groups: batch.groups,
      duplicates: batch.duplicates,
    },
    dispose() {
      targetTensor.dispose();
      rowMask.dispose();
    },
  };
}

/** Uploads a packed batch: one tensor for the windows, one for the targets, one row mask. */
export function uploadBatch(batch: WindowBatch, patchSize: number): PreparedBatch {
  const windows = tf.tensor4d(batch.windows, [batch.count, batch.side, batch.side, batch.channels]);
  const up = uploadTargets(batch, patchSize);
  return {
    ...up,
    encode: (model, mode) => encodeWindows(model, windows, mode),
    dispose() {
      windows.dispose();
      up.dispose();
    },
  };
}

/**
 * Samples one full-image batch: the same anchors/positives as the window path
 * (same RNG draws), the whole images uploaded once, and a one-hot selection of
 * the sampled pixels (rows per image: anchors, then positives).
 */
export function sampleFullImageBatch(images: readonly Image[], config: CutsConfig, rng: Rng): PreparedBatch {
  const [first] = images;
  if (!first) throw new RangeError('sampleFullImageBatch: no images');
  const { height: h, width: w, channels: c } = first;
  for (const im of images) {
    if (im.height !== h || im.width !== w || im.channels !== c) {
      throw new RangeError(
        `full-image training needs images of one size (${h}×${w}×${c} vs ${im.height}×${im.width}×${im.channels})`,
      );
    }
  }
  const patchSize = config.model.patchSize;
  const sample = samplePositions(images, { ...config.sampler, patchSize }, rng);
  // 1×1 "windows": only the targets and the row layout of the packed batch are used
  const packed = buildWindowBatch(images, sample, { radius: 0, patchSize, duplicateMse: config.sampler.duplicateMse });
  const s = sample.anchorsPerImage;
  const rowsPerImage = packed.rowsPerImage;
  const pixels = new Int32Array(images.length * rowsPerImage);
  for (let b = 0; b < images.length; b++) {
    for (let i = 0; i < s; i++) {
      const k = b * s + i;
      pixels[b * rowsPerImage + i] = sample.anchorY[k] * w + sample.anchorX[k];
      pixels[b * rowsPerImage + s + i] = sample.positiveY[k] * w + sample.positiveX[k];
    }
  }
  const data = new Float32Array(images.length * h * w * c);
  images.forEach((im, b) => data.set(im.data, b * h * w * c));
  const imageTensor = tf.tensor4d(data, [images.length, h, w, c]);
  const selection = tf.tensor3d(pixelSelection(pixels, images.length, rowsPerImage, h * w), [
    images.length,
    rowsPerImage,
    h * w,
  ]);
  const up = uploadTargets(packed, patchSize);
  return {
    ...up,
    encode: (model, mode) => embeddingsAt(model, encodeFullImages(model, imageTensor, mode), selection),
    dispose() {
      imageTensor.dispose();
      selection.dispose();
      up.dispose();
    },
  };
}

/** Samples and uploads one batch the way `config.train.inputs` says. */
export function prepareBatch(
  images: readonly Image[],
  config: CutsConfig,
  rng: Rng,
  augmentations: readonly PatchAugmentation[] = [],
): PreparedBatch {
  if (config.train.inputs === 'windows') {
    return uploadBatch(sampleWindowBatch(images, config, rng, augmentations), config.model.patchSize);
  }
  if (augmentations.length > 0) {
    throw new RangeError(
      'full-image training (train.inputs: full) has no patch augmentations; switch them off or use train.inputs: windows',
    );
  }
  return sampleFullImageBatch(images, config, rng);
}

/** The loss of a prepared batch (tensors; call inside tidy or a gradient scope). */
export function batchLoss(model: CutsModel, batch: PreparedBatch, train: TrainConfig, mode: NormMode): LossParts {
  const z = batch.encode(model, mode);
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
export function trainStep(
  model: CutsModel,
  optimizer: AdamW,
  batch: PreparedBatch,
  train: TrainConfig,
  lr: number,
): StepLosses {
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
