/**
 * A pool of worker threads, each with its own tensor backend and model copy,
 * for data-parallel training steps and parallel embedding. The main thread
 * keeps the model and optimiser: a step sends the current weights and one
 * shard of the batch (by images) to each worker, averages the shards'
 * gradients weighted by their image counts (the loss is a mean over images,
 * so this is the full batch's gradient up to BatchNorm's per-shard
 * statistics), applies AdamW once, and averages the BatchNorm running
 * statistics the same way. Deterministic for a seed and a worker count.
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
import { tf } from '../backend/tf.js';
import { namedVariables, type CutsModel } from '../model/model.js';
import type { AdamW } from '../optim/adamw.js';
import { NonFiniteLossError, type StepLosses } from '../step.js';
import type { FromWorker, StepReply, ToWorker } from './protocol.js';
import { splitWindowBatch } from './shard.js';

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
   * Starts `size` workers for models like `model` on `backend` ('auto': this
   * thread's); undefined when the built worker script is missing or size < 2.
   */
  static async start(model: CutsModel, size: number, backend: BackendName): Promise<ParallelPool | undefined> {
    const script = trainWorkerScript();
    if (!script || size < 2) return undefined;
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
   * One data-parallel iteration on a packed batch: forward + backward on each
   * shard, gradients averaged, finiteness checked (NonFiniteLossError, nothing
   * applied), one AdamW update at `lr`, BatchNorm statistics averaged.
   */
  async step(
    model: CutsModel,
    optimizer: AdamW,
    batch: WindowBatch,
    train: TrainConfig,
    lr: number,
  ): Promise<StepLosses> {
    const shards = splitWindowBatch(batch, this.size);
    this.setWeights(model);
    const replies = (await Promise.all(
      shards.map((s, i) => {
        const windows = s.windows.slice();
        const targets = s.targets.slice();
        return this.request(i, { type: 'step', train, batch: { ...s, windows, targets, groups: s.groups.slice() } }, [
          windows.buffer,
          targets.buffer,
        ]);
      }),
    )) as StepReply[];
    const weights = shards.map((s) => s.images / batch.images);
    const mean = (pick: (r: StepReply) => Float32Array): Float32Array => {
      const first = pick(replies[0]);
      const acc = new Float64Array(first.length);
      replies.forEach((r, i) => {
        const a = pick(r);
        for (let k = 0; k < acc.length; k++) acc[k] += weights[i] * a[k];
      });
      return Float32Array.from(acc);
    };
    const weighted = (pick: (r: StepReply) => number) => replies.reduce((s, r, i) => s + weights[i] * pick(r), 0);
    const losses = {
      loss: weighted((r) => r.loss),
      contrastive: weighted((r) => r.contrastive),
      reconstruction: weighted((r) => r.reconstruction),
    };
    const vars = namedVariables(model);
    const trainable = vars.filter((v) => v.trainable);
    const grads = trainable.map((_, j) => mean((r) => r.grads[j]));
    let gradientSum = 0;
    for (const g of grads) for (let k = 0; k < g.length; k++) gradientSum += g[k];
    if (![losses.loss, losses.contrastive, losses.reconstruction, gradientSum].every(Number.isFinite))
      throw new NonFiniteLossError(losses, gradientSum);
    const gradTensors = grads.map((g, j) => tf.tensor(g, trainable[j].variable.shape));
    try {
      optimizer.apply(gradTensors, lr);
    } finally {
      for (const t of gradTensors) t.dispose();
    }
    vars
      .filter((v) => !v.trainable)
      .forEach((v, j) => {
        const avg = mean((r) => r.state[j]);
        tf.tidy(() => v.variable.assign(tf.tensor(avg, v.variable.shape)));
      });
    return losses;
  }

  /**
   * Embeds (and optionally reconstructs) images on the workers, `size` at a
   * time, with the weights last sent by setWeights. Results in input order.
   */
  async embed(images: readonly Image[], reconstruct: boolean): Promise<EmbedResult[]> {
    return Promise.all(
      images.map(async (image, n) => {
        if (image.channels !== this.inChannels)
          throw new RangeError(
            `image has ${image.channels} channel(s) but the model was trained on ${this.inChannels}`,
          );
        const data = image.data.slice();
        const reply = await this.request(
          n % this.size,
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
      }),
    );
  }

  async close(): Promise<void> {
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }
}
