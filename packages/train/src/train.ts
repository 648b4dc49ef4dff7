/**
 * `trainCuts`: the whole CUTS training run — split, epochs of window-based
 * (or full-image) steps, validation, best/last checkpoints, training log, resume, abort and
 * divergence handling.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { buildAugmentations, writeFileAtomic, type PatchAugmentation, type WindowBatch } from '@cuts/data';
import {
  CutsInputError,
  Rng,
  silentReporter,
  type CutsConfig,
  type DatasetItem,
  type Image,
  type Reporter,
} from '@cuts/core';
import { tf } from './backend/tf.js';
import { prepareBackend } from './backend/backend.js';
import {
  assignCheckpoint,
  disposeLoaded,
  readCheckpoint,
  snapshotCheckpoint,
  writeCheckpoint,
  type CheckpointSnapshot,
  type HistoryEntry,
  type TrainingState,
} from './checkpoint/checkpoint.js';
import { loadCutsModel } from './inference.js';
import { createCutsModel, disposeModel, namedVariables, type CutsModel } from './model/model.js';
import { AdamW } from './optim/adamw.js';
import { learningRateAt } from './optim/schedule.js';
import { splitIndices } from './split.js';
import { ParallelPool, resolveWorkers } from './parallel/pool.js';
import { localShardedEvaluate, localShardedStep } from './parallel/sharded-step.js';
import {
  NonFiniteLossError,
  evaluateBatch,
  prepareBatch,
  sampleWindowBatch,
  trainStep,
  type PreparedBatch,
  type StepLosses,
} from './step.js';

/** Options of `trainCuts`. */
export interface TrainCutsOptions {
  /** Training images (DatasetItems from @cuts/data, or bare images). */
  readonly items: readonly (DatasetItem | Image)[];
  readonly config: CutsConfig;
  /** Receives `best/`, `last/` and `training-log.json`. */
  readonly checkpointDir: string;
  /** Continue from `checkpointDir/last` (a fresh run when there is none yet). */
  readonly resume?: boolean;
  readonly reporter?: Reporter;
  /** Stops after the current step; the last checkpoint stays as it was. */
  readonly signal?: AbortSignal;
  /** Patch augmentations to use instead of those `config.augment` switches on (pluggable). */
  readonly augmentations?: readonly PatchAugmentation[];
}

/** What `trainCuts` returns: the best model, the per-epoch history and how the run ended. */
export interface TrainCutsResult {
  /** The best-validation model (or the current one if no epoch completed). Dispose with disposeModel. */
  readonly model: CutsModel;
  readonly history: HistoryEntry[];
  /** 1-based epoch of the best checkpoint (0 when none). */
  readonly bestEpoch: number;
  readonly aborted: boolean;
  readonly backend: string;
}

/** Thrown when a loss turns NaN/Inf; the checkpoints on disk are the last good ones. */
export class TrainingDivergedError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TrainingDivergedError';
  }
}

interface Entry {
  readonly id: string;
  readonly image: Image;
}

function toEntries(items: TrainCutsOptions['items']): Entry[] {
  return items.map((it, i) => ('image' in it ? { id: it.id, image: it.image } : { id: `image-${i}`, image: it }));
}

function checkEntries(entries: Entry[], patchSize: number): void {
  if (entries.length === 0) throw new CutsInputError('no images to train on', 'items');
  const c = entries[0].image.channels;
  for (const e of entries) {
    if (e.image.channels !== c)
      throw new CutsInputError(
        `has ${e.image.channels} channel(s), the first image has ${c}; all images must agree`,
        e.id,
      );
    if (Math.min(e.image.height, e.image.width) < patchSize + 2)
      throw new CutsInputError(`image ${e.image.height}×${e.image.width} is too small`, e.id);
  }
}

/** Batches of image indices for one epoch. */
function epochBatches(train: number[], batchSize: number, iterations: number, rng: Rng): number[][] {
  const out: number[][] = [];
  if (iterations === 0) {
    const order = rng.permutation(train.length).map((i) => train[i]);
    for (let i = 0; i < order.length; i += batchSize) out.push(order.slice(i, i + batchSize));
    return out;
  }
  let queue: number[] = [];
  for (let it = 0; it < iterations; it++) {
    while (queue.length < Math.min(batchSize, train.length))
      queue = queue.concat(rng.permutation(train.length).map((i) => train[i]));
    out.push(queue.splice(0, Math.min(batchSize, train.length)));
  }
  return out;
}

/**
 * Trains a CUTS model on images (see the README): checkpoints each epoch,
 * resumes, stops on `signal`, throws `TrainingDivergedError` on a NaN loss.
 */
export async function trainCuts(options: TrainCutsOptions): Promise<TrainCutsResult> {
  const { config, checkpointDir, signal } = options;
  const reporter = options.reporter ?? silentReporter;
  const entries = toEntries(options.items);
  checkEntries(entries, config.model.patchSize);
  const backend = await prepareBackend(config.backend, reporter);
  const tc = config.train;

  const master = new Rng(config.seed);
  const initRng = master.fork();
  const splitRng = master.fork();
  const trainRng = master.fork();
  const valState = master.fork().getState();
  const split = splitIndices(entries.length, tc.validationFraction, splitRng);
  const splitIds = {
    train: split.train.map((i) => entries[i].id),
    validation: split.validation.map((i) => entries[i].id),
  };

  const model = createCutsModel(entries[0].image.channels, config.model, initRng);
  const optimizer = new AdamW(
    namedVariables(model)
      .filter((v) => v.trainable)
      .map((v) => v.variable),
    { weightDecay: tc.weightDecay },
  );
  const lastDir = path.join(checkpointDir, 'last');
  const bestDir = path.join(checkpointDir, 'best');
  let startEpoch = 0;
  let history: HistoryEntry[] = [];
  let bestEpoch = 0;
  let bestLoss: number | null = null;
  // Validation batches: window batches (split into train.shards shards, like the steps) or,
  // for full-image training, uploaded batches evaluated whole on this thread.
  const valWindows: WindowBatch[] = [];
  const valBatches: PreparedBatch[] = [];
  let pool: ParallelPool | undefined;
  // The previous epoch's checkpoint files, written while the next epoch trains (copied out of
  // the tensors first, so they hold exactly that epoch); awaited before the next write and at the end.
  let writing: Promise<void> = Promise.resolve();
  const cleanup = async (): Promise<void> => {
    await writing.catch(() => undefined);
    for (const b of valBatches) b.dispose();
    optimizer.dispose();
    await pool?.close();
  };

  try {
    const resume = options.resume === true && existsSync(path.join(lastDir, 'model.json'));
    if (options.resume && !resume) reporter.log('info', `nothing to resume in ${lastDir}; starting a fresh run`);
    if (resume) {
      const loaded = await readCheckpoint(lastDir);
      try {
        const t = loaded.json.training;
        if (!t) throw new CutsInputError('checkpoint holds no training state; cannot resume', lastDir);
        if (
          JSON.stringify(loaded.json.modelConfig) !== JSON.stringify(config.model) ||
          loaded.json.inChannels !== model.inChannels
        ) {
          throw new CutsInputError(
            'the model configuration or channel count differs from the run being resumed',
            lastDir,
          );
        }
        if (
          JSON.stringify(t.split) !== JSON.stringify(splitIds) ||
          (t.config as { seed?: number } | undefined)?.seed !== config.seed
        ) {
          throw new CutsInputError(
            'the images or the seed differ from the run being resumed (train/validation split changed)',
            lastDir,
          );
        }
        assignCheckpoint(loaded, model, optimizer, lastDir);
        trainRng.setState(t.rngState);
        startEpoch = t.epoch;
        history = [...t.history];
        bestEpoch = t.bestEpoch;
        bestLoss = t.bestLoss;
      } finally {
        disposeLoaded(loaded);
      }
      reporter.log('info', `resuming from ${lastDir} after epoch ${startEpoch}`);
    }

    const augmentations = options.augmentations ?? buildAugmentations(config.augment);
    const valRng = new Rng(valState);
    for (let i = 0; i < split.validation.length; i += tc.batchSize) {
      const images = split.validation.slice(i, i + tc.batchSize).map((k) => entries[k].image);
      if (tc.inputs === 'windows') valWindows.push(sampleWindowBatch(images, config, valRng, augmentations));
      else valBatches.push(prepareBatch(images, config, valRng, augmentations));
    }
    const perEpoch = tc.iterationsPerEpoch || Math.ceil(split.train.length / tc.batchSize);
    const totalSteps = perEpoch * tc.epochs;
    // Threads computing a step's shards: this one and lanes-1 workers. Only speed depends on it.
    const lanes = Math.min(resolveWorkers(tc.workers), tc.shards, tc.batchSize, split.train.length);
    if (lanes > 1 && tc.inputs === 'windows') {
      pool = await ParallelPool.start(model, lanes - 1, backend.name);
      if (!pool) reporter.log('warn', 'train worker script not found (unbuilt sources?); training in this thread');
    }
    const threads = pool ? pool.size + 1 : 1;
    reporter.log(
      'info',
      `training on ${split.train.length} images, validating on ${split.validation.length}; ${tc.epochs} epochs × ${perEpoch} iterations (backend ${backend.name}, ${threads} thread${threads > 1 ? 's' : ''})`,
    );
    const runStep = async (images: Image[], lr: number): Promise<StepLosses> => {
      if (tc.inputs === 'windows') {
        const batch = sampleWindowBatch(images, config, trainRng, augmentations);
        if (pool) return pool.step(model, optimizer, batch, tc, lr, tc.shards, true);
        return localShardedStep(model, optimizer, batch, tc, lr, tc.shards);
      }
      const prepared = prepareBatch(images, config, trainRng, augmentations);
      try {
        return trainStep(model, optimizer, prepared, tc, lr);
      } finally {
        prepared.dispose();
      }
    };

    let aborted = false;
    for (let epoch = startEpoch; epoch < tc.epochs && !aborted; epoch++) {
      const lr = learningRateAt(epoch, tc);
      let lossSum = 0;
      let weight = 0;
      const batches = epochBatches(split.train, tc.batchSize, tc.iterationsPerEpoch, trainRng);
      for (let s = 0; s < batches.length; s++) {
        if (signal?.aborted) {
          aborted = true;
          break;
        }
        const images = batches[s].map((k) => entries[k].image);
        try {
          const losses = await runStep(images, lr);
          lossSum += losses.loss * images.length;
          weight += images.length;
          reporter.progress({
            task: 'train',
            done: epoch * perEpoch + s + 1,
            total: totalSteps,
            info: { epoch: epoch + 1, loss: losses.loss, lr },
          });
        } catch (err) {
          if (err instanceof NonFiniteLossError) {
            await writing;
            const kept = existsSync(path.join(lastDir, 'model.json'))
              ? `the last good checkpoint (epoch ${epoch}) is kept in ${lastDir}`
              : 'no checkpoint had been written yet';
            throw new TrainingDivergedError(
              `training diverged at epoch ${epoch + 1}, step ${s + 1}: ${err.message}; ${kept}. Check the images for NaN/Inf values or lower train.learningRate.`,
              { cause: err },
            );
          }
          throw err;
        }
      }
      if (aborted) {
        reporter.log('warn', `training aborted during epoch ${epoch + 1}; ${lastDir} holds epoch ${epoch}`);
        break;
      }
      let valLoss: number | null = null;
      if (valWindows.length > 0) {
        const v = pool
          ? await pool.evaluate(model, valWindows, tc, tc.shards, true)
          : localShardedEvaluate(model, valWindows, tc, tc.shards);
        valLoss = v.loss;
      } else if (valBatches.length > 0) {
        let sum = 0;
        let n = 0;
        for (const b of valBatches) {
          sum += evaluateBatch(model, b, tc).loss * b.layout.images;
          n += b.layout.images;
        }
        valLoss = sum / n;
      }
      const trainLoss = lossSum / weight;
      history.push({ epoch: epoch + 1, trainLoss, valLoss, lr });
      const score = valLoss ?? trainLoss;
      const state = (): TrainingState => ({
        epoch: epoch + 1,
        optimizerStep: optimizer.step,
        rngState: trainRng.getState(),
        bestEpoch,
        bestLoss,
        history,
        config,
        split: splitIds,
      });
      const snapshots: [string, CheckpointSnapshot][] = [];
      if (Number.isFinite(score) && (bestLoss === null || score < bestLoss)) {
        bestLoss = score;
        bestEpoch = epoch + 1;
        snapshots.push([bestDir, snapshotCheckpoint(model, undefined, state())]);
      }
      snapshots.push([lastDir, snapshotCheckpoint(model, optimizer, state())]);
      const log = JSON.stringify(
        { backend: backend.name, epochsCompleted: epoch + 1, bestEpoch, bestLoss, split: splitIds, history, config },
        null,
        1,
      );
      await writing;
      writing = (async () => {
        for (const [dir, snapshot] of snapshots) await writeCheckpoint(dir, snapshot);
        await writeFileAtomic(path.join(checkpointDir, 'training-log.json'), log);
      })();
      writing.catch(() => undefined); // reported where it is awaited
      reporter.log(
        'debug',
        `epoch ${epoch + 1}/${tc.epochs}: train ${trainLoss.toExponential(4)}${valLoss === null ? '' : ` val ${valLoss.toExponential(4)}`} lr ${lr.toExponential(3)}`,
      );
    }
    await writing;
    reporter.end('train');

    let result = model;
    if (existsSync(path.join(bestDir, 'model.json'))) {
      result = await loadCutsModel(bestDir);
      disposeModel(model);
    }
    return { model: result, history, bestEpoch, aborted, backend: tf.getBackend() };
  } catch (err) {
    disposeModel(model);
    throw err;
  } finally {
    await cleanup();
  }
}
