/**
 * A pool of worker threads, each with its own tensor backend and model copy,
 * for data-parallel training steps and parallel embedding. The main thread
 * keeps the model and optimiser: a step sends the current weights and the
 * batch's shards (by images) to the workers (and may compute some itself),
 * averages the shards' gradients and BatchNorm running statistics weighted
 * by their image counts, and applies AdamW once (sharded-step.ts). The
 * result depends on the shard count only, not on the number of threads.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { WindowBatch } from '@cuts/data';
import {
  createEmbeddingMatrix,
  createImage,
  type BackendName,
  type EmbeddingMatrix,
  type Image,
  type TrainConfig,
} from '@cuts/core';
import { currentBackend } from '../backend/select.js';
import { namedVariables, type CutsModel } from '../model/model.js';
import type { AdamW } from '../optim/adamw.js';
import type { StepLosses } from '../step.js';
import type { FromWorker, ToWorker } from './protocol.js';
import { splitWindowBatch } from './shard.js';
import { applyShards, computeShard, evaluateShard, validationShards, weightedLosses } from './sharded-step.js';

/** `workers` from the config: 0 = one per core. */
export function resolveWorkers(workers: number): number {
  return workers > 0 ? workers : availableParallelism();
}

/** The worker entry as built JavaScript (next to this module in dist/, or dist/ when running from src/). */
export function trainWorkerScript(): string | undefined {
  for (const url of [
    new URL('./train-worker.js', import.meta.url),
    new URL('../../dist/parallel/train-worker.js', import.meta.url),
  ]) {
    const file = fileURLToPath(url);
    if (existsSync(file)) return file;
  }
  return undefined;
}

/** process.execArgv without `--conditions @cuts/source` (workers load built JavaScript). */
function workerExecArgv(): string[] {
  const out: string[] = [];
  const argv = process.execArgv;
  for (let i = 0; i < argv.length; i++) {
    if ((argv[i] === '--conditions' || argv[i] === '-C') && argv[i + 1] === '@cuts/source') {
      i++;
      continue;
    }
    if (argv[i] === '--conditions=@cuts/source' || argv[i] === '-C=@cuts/source') continue;
    out.push(argv[i]);
  }
  return out;
}

interface Slot {
  readonly worker: Worker;
  readonly pending: ((reply: FromWorker) => void)[];
}

/** The embedding of one image, and its reconstruction when asked. */
export interface EmbedResult {
  readonly embedding: EmbeddingMatrix;
  readonly reconstruction?: Image;
}

/** Worker threads that each hold a copy of the model, for data-parallel training steps and embedding. */
export class ParallelPool {
  private constructor(
    private readonly slots: Slot[],
    private readonly inChannels: number,
  ) {}

  get size(): number {
    return this.slots.length;
  }

  /**
   * Starts `size` (≥ 1) workers for models like `model` on `backend` ('auto':
   * this thread's); undefined when the built worker script is missing or size < 1.
   */
  static async start(model: CutsModel, size: number, backend: BackendName): Promise<ParallelPool | undefined> {
    const script = trainWorkerScript();
    if (!script || size < 1) return undefined;
    const execArgv = workerExecArgv();
    // 'auto': the backend this thread runs on.
    const name = backend === 'auto' ? (currentBackend()?.name ?? 'auto') : backend;
    const slots: Slot[] = Array.from({ length: size }, () => ({
      worker: new Worker(script, { execArgv }),
      pending: [],
    }));
    const pool = new ParallelPool(slots, model.inChannels);
    for (const slot of slots) {
      slot.worker.on('message', (msg: FromWorker) => slot.pending.shift()?.(msg));
      slot.worker.on('error', (err) => {
        for (const p of slot.pending.splice(0)) p({ type: 'error', message: err.message, name: err.name });
      });
    }
    try {
      await Promise.all(
        slots.map((_, i) =>
          pool.request(i, { type: 'init', inChannels: model.inChannels, modelConfig: model.config, backend: name }),
        ),
      );
    } catch (err) {
      await pool.close();
      throw err;
    }
    return pool;
  }

  private request(i: number, msg: ToWorker, transfer: ArrayBuffer[] = []): Promise<FromWorker> {
    const slot = this.slots[i];
    return new Promise((resolve, reject) => {
      slot.pending.push((reply) => {
        if (reply.type === 'error')
          reject(Object.assign(new Error(`worker ${i}: ${reply.message}`), { name: reply.name }));
        else resolve(reply);
      });
      slot.worker.postMessage(msg, transfer);
    });
  }

  /** Sends the model's current weights to every worker (no reply; messages stay in order). */
  setWeights(model: CutsModel): void {
    const values = namedVariables(model).map((v) => v.variable.dataSync() as Float32Array);
    for (const slot of this.slots) slot.worker.postMessage({ type: 'weights', values } satisfies ToWorker);
  }

  /**
   * One data-parallel iteration on a packed batch split into `shards` shards
   * (see sharded-step.ts): shard i runs on lane i mod lanes, where the lanes
   * are the workers and, with `withMain`, this thread as the last lane (it
   * computes its shards while the workers compute theirs). Combined in shard
   * order, so the result is bit-identical to localShardedStep with the same
   * shard count, whatever the number of lanes. NonFiniteLossError: nothing applied.
   */
  async step(
    model: CutsModel,
    optimizer: AdamW,
    batch: WindowBatch,
    train: TrainConfig,
    lr: number,
    shards: number = this.size,
    withMain = false,
  ): Promise<StepLosses> {
    const parts = splitWindowBatch(batch, shards);
    this.setWeights(model);
    const results = await this.runShards(parts, 'step', train, withMain, (s) => computeShard(model, s, train));
    return applyShards(model, optimizer, results, parts, lr);
  }

  /**
   * Validation losses (localShardedEvaluate's arithmetic, bit for bit) with the
   * model's current weights: the batches' shards spread over the lanes as in `step`.
   */
  async evaluate(
    model: CutsModel,
    batches: readonly WindowBatch[],
    train: TrainConfig,
    shards: number,
    withMain = false,
  ): Promise<StepLosses> {
    const parts = validationShards(batches, shards);
    this.setWeights(model);
    const results = await this.runShards(parts, 'evaluate', train, withMain, (s) => evaluateShard(model, s, train));
    return weightedLosses(
      results,
      parts.map((s) => s.images),
    );
  }

  /**
   * Shard i on lane i mod lanes (the workers, then this thread with `withMain`,
   * computing its shards with `local` while the workers compute theirs); results in shard order.
   */
  private async runShards<K extends 'step' | 'evaluate', R extends StepLosses>(
    parts: readonly WindowBatch[],
    type: K,
    train: TrainConfig,
    withMain: boolean,
    local: (shard: WindowBatch) => R,
  ): Promise<R[]> {
    const lanes = this.size + (withMain ? 1 : 0);
    const pending = parts.map((s, i) => {
      const lane = i % lanes;
      if (lane === this.size) return undefined;
      const windows = s.windows.slice();
      const targets = s.targets.slice();
      const batch = { ...s, windows, targets, groups: s.groups.slice(), duplicates: s.duplicates?.slice() };
      return this.request(lane, { type, train, batch }, [windows.buffer, targets.buffer]) as Promise<R & { type: K }>;
    });
    try {
      const mine = parts.map((s, i) => (pending[i] ? undefined : local(s)));
      const replies = await Promise.all(pending);
      return parts.map((_, i) => mine[i] ?? replies[i]!);
    } catch (err) {
      await Promise.allSettled(pending);
      throw err;
    }
  }

  /**
   * Embeds (and optionally reconstructs) images on the workers, with the
   * weights last sent by setWeights. Results in input order.
   */
  async embed(images: readonly Image[], reconstruct: boolean): Promise<EmbedResult[]> {
    return Promise.all(images.map((image) => this.embedOne(image, reconstruct)));
  }

  /**
   * Embeds one image on the least busy worker (the weights last sent by
   * setWeights); calls made together spread over the workers. The result is
   * the same on every worker.
   */
  async embedOne(image: Image, reconstruct: boolean): Promise<EmbedResult> {
    if (image.channels !== this.inChannels)
      throw new RangeError(`image has ${image.channels} channel(s) but the model was trained on ${this.inChannels}`);
    let lane = 0;
    for (let i = 1; i < this.slots.length; i++)
      if (this.slots[i].pending.length < this.slots[lane].pending.length) lane = i;
    const data = image.data.slice();
    const reply = await this.request(
      lane,
      {
        type: 'embed',
        image: { height: image.height, width: image.width, channels: image.channels, data },
        reconstruct,
      },
      [data.buffer],
    );
    if (reply.type !== 'embed') throw new Error(`unexpected reply ${reply.type}`);
    const dim = reply.embedding.length / (image.height * image.width);
    return {
      embedding: createEmbeddingMatrix(image.height * image.width, dim, reply.embedding),
      ...(reply.reconstruction
        ? { reconstruction: createImage(image.height, image.width, image.channels, reply.reconstruction) }
        : {}),
    };
  }

  async close(): Promise<void> {
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }
}
