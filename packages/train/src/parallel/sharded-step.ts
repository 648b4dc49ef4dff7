/**
 * A training step on a window batch split into shards by images (Hoffer et
 * al.'s "ghost batch normalisation": each shard has its own BatchNorm batch
 * statistics). The arithmetic does not depend on where the shards run:
 *
 * 1. `computeShard`: forward + backward of one shard from the current
 *    weights; returns its losses, gradients and the BatchNorm running
 *    statistics after its forward pass, then restores the running statistics
 *    (so the next shard starts from the same state, as on another thread);
 * 2. `combineShards`: image-weighted means in shard order, in float64;
 * 3. `applyCombined`: finiteness check (NonFiniteLossError, nothing applied),
 *    one AdamW update, the averaged running statistics assigned.
 *
 * So a step is bit-identical whether its shards run in turn on this thread
 * (`localShardedStep`) or on worker threads (ParallelPool.step): training is
 * deterministic for a seed and a shard count, whatever the worker count.
 * With one shard the result equals `trainStep` (one forward over the batch).
 */
import type { WindowBatch } from '@cuts/data';
import type { TrainConfig } from '@cuts/core';
import { tf } from '../backend/tf.js';
import { namedVariables, type CutsModel } from '../model/model.js';
import type { AdamW } from '../optim/adamw.js';
import { NonFiniteLossError, batchLoss, evaluateBatch, uploadBatch, type StepLosses } from '../step.js';
import { splitWindowBatch } from './shard.js';

/** What one shard contributes to a step. */
export interface ShardResult extends StepLosses {
  /** Gradients of the trainable variables (namedVariables order, trainable only). */
  readonly grads: Float32Array[];
  /** The non-trainable variables (BatchNorm running statistics) after the shard's forward pass. */
  readonly state: Float32Array[];
}

/** Forward + backward of one shard; the model's weights and running statistics are left as they were. */
export function computeShard(model: CutsModel, batch: WindowBatch, train: TrainConfig): ShardResult {
  const vars = namedVariables(model);
  const trainable = vars.filter((v) => v.trainable).map((v) => v.variable);
  const stats = vars.filter((v) => !v.trainable).map((v) => v.variable);
  const saved = stats.map((v) => (v.dataSync() as Float32Array).slice());
  const prepared = uploadBatch(batch, model.config.patchSize);
  try {
    let parts: tf.Scalar[] = [];
    const { value, grads } = tf.variableGrads(() => {
      const p = batchLoss(model, prepared, train, 'train');
      parts = [tf.keep(p.contrastive), tf.keep(p.reconstruction)];
      return p.total;
    }, trainable);
    const gradArrays = trainable.map((v) => (grads[v.name].dataSync() as Float32Array).slice());
    const [loss, contrastive, reconstruction] = [value, ...parts].map((t) => t.dataSync()[0]);
    tf.dispose([value, ...parts, ...Object.values(grads)]);
    const state = stats.map((v) => (v.dataSync() as Float32Array).slice());
    stats.forEach((v, j) => tf.tidy(() => v.assign(tf.tensor(saved[j], v.shape))));
    return { loss, contrastive, reconstruction, grads: gradArrays, state };
  } finally {
    prepared.dispose();
  }
}

/** A step's combined shards: losses, gradients and running statistics. */
export interface CombinedStep extends StepLosses {
  readonly grads: Float32Array[];
  readonly state: Float32Array[];
}

/**
 * The image-weighted mean of the shards (`images[i]` images in shard i),
 * accumulated in float64 in shard order; one shard is returned as it is.
 */
export function combineShards(results: readonly ShardResult[], images: readonly number[]): CombinedStep {
  if (results.length === 0 || results.length !== images.length)
    throw new RangeError(`combineShards: ${results.length} results for ${images.length} shards`);
  if (results.length === 1) return results[0];
  const total = images.reduce((a, b) => a + b, 0);
  const w = images.map((n) => n / total);
  const mean = (pick: (r: ShardResult) => Float32Array[]): Float32Array[] =>
    pick(results[0]).map((_, j) => {
      const acc = new Float64Array(pick(results[0])[j].length);
      results.forEach((r, i) => {
        const a = pick(r)[j];
        for (let k = 0; k < acc.length; k++) acc[k] += w[i] * a[k];
      });
      return new Float32Array(acc);
    });
  return {
    ...weightedLosses(results, images),
    grads: mean((r) => r.grads),
    state: mean((r) => r.state),
  };
}

/** The image-weighted mean of shard losses (`images[i]` images in shard i), in shard order. */
export function weightedLosses(results: readonly StepLosses[], images: readonly number[]): StepLosses {
  if (results.length === 0 || results.length !== images.length)
    throw new RangeError(`weightedLosses: ${results.length} results for ${images.length} shards`);
  const total = images.reduce((a, b) => a + b, 0);
  const scalar = (pick: (r: StepLosses) => number): number =>
    results.reduce((s, r, i) => s + (images[i] / total) * pick(r), 0);
  return {
    loss: scalar((r) => r.loss),
    contrastive: scalar((r) => r.contrastive),
    reconstruction: scalar((r) => r.reconstruction),
  };
}

/** Validation losses of one shard (inference mode: running statistics, nothing updated). */
export function evaluateShard(model: CutsModel, batch: WindowBatch, train: TrainConfig): StepLosses {
  const prepared = uploadBatch(batch, model.config.patchSize);
  try {
    return evaluateBatch(model, prepared, train);
  } finally {
    prepared.dispose();
  }
}

/**
 * The shards validation evaluates: every batch split into `shards` by images.
 * The losses are per-image means (NT-Xent within each image, MSE per anchor),
 * so their image-weighted mean over shards is the loss of the whole set;
 * one fixed split keeps the figure the same on any number of threads.
 */
export function validationShards(batches: readonly WindowBatch[], shards: number): WindowBatch[] {
  return batches.flatMap((b) => splitWindowBatch(b, shards));
}

/** Validation on this thread: every shard in turn, image-weighted. */
export function localShardedEvaluate(
  model: CutsModel,
  batches: readonly WindowBatch[],
  train: TrainConfig,
  shards: number,
): StepLosses {
  const parts = validationShards(batches, shards);
  return weightedLosses(
    parts.map((s) => evaluateShard(model, s, train)),
    parts.map((s) => s.images),
  );
}

/**
 * Applies a combined step: throws NonFiniteLossError (weights untouched) when
 * a loss or the gradient sum is not finite; otherwise one AdamW update at
 * `lr` (the optimiser's parameters are the model's trainable variables in
 * namedVariables order) and the running statistics assigned.
 */
export function applyCombined(model: CutsModel, optimizer: AdamW, step: CombinedStep, lr: number): StepLosses {
  const losses = { loss: step.loss, contrastive: step.contrastive, reconstruction: step.reconstruction };
  let gradientSum = 0;
  for (const g of step.grads) for (let k = 0; k < g.length; k++) gradientSum += g[k];
  if (![losses.loss, losses.contrastive, losses.reconstruction, gradientSum].every(Number.isFinite))
    throw new NonFiniteLossError(losses, gradientSum);
  const params = optimizer.params;
  if (params.length !== step.grads.length)
    throw new RangeError(`applyCombined: ${step.grads.length} gradients for ${params.length} parameters`);
  const gradTensors = step.grads.map((g, j) => tf.tensor(g, params[j].shape));
  try {
    optimizer.apply(gradTensors, lr);
  } finally {
    tf.dispose(gradTensors);
  }
  namedVariables(model)
    .filter((v) => !v.trainable)
    .forEach((v, j) => tf.tidy(() => v.variable.assign(tf.tensor(step.state[j], v.variable.shape))));
  return losses;
}

/** One sharded step with every shard computed in turn on this thread (no worker threads). */
export function localShardedStep(
  model: CutsModel,
  optimizer: AdamW,
  batch: WindowBatch,
  train: TrainConfig,
  lr: number,
  shards: number,
): StepLosses {
  const parts = splitWindowBatch(batch, shards);
  return applyShards(
    model,
    optimizer,
    parts.map((s) => computeShard(model, s, train)),
    parts,
    lr,
  );
}

/** combineShards of the shards' results (weighted by each part's images), then applyCombined. */
export function applyShards(
  model: CutsModel,
  optimizer: AdamW,
  results: readonly ShardResult[],
  parts: readonly WindowBatch[],
  lr: number,
): StepLosses {
  return applyCombined(
    model,
    optimizer,
    combineShards(
      results,
      parts.map((s) => s.images),
    ),
    lr,
  );
}
