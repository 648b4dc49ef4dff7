import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { ClusterConfig, EmbeddingMatrix } from '@cuts/core';
import type { ClusterMethod, Grid, ImageClusters } from './cluster-image.js';
import { workerExecArgv, workerScript } from './worker-script.js';

/** @internal message to a worker */
export interface WorkerJob {
  matrix: EmbeddingMatrix;
  grid: Grid;
  config: ClusterConfig;
  methods: readonly ClusterMethod[];
  seed: number;
}
/** @internal message from a worker (one per job, in order) */
export interface WorkerReply {
  result?: ImageClusters;
  error?: { name: string; message: string; path?: string };
}

interface Slot {
  worker: Worker;
  current?: { resolve: (r: ImageClusters) => void; reject: (e: Error) => void };
}

/**
 * Cluster worker threads kept for many `clusterImages` calls. A fresh worker loads the
 * modules and runs its first image with cold (unoptimised) code; a pipeline that clusters
 * a few images at a time paid that on every chunk (the `cuts run` cluster stage took ≈ 2×
 * the CPU time of the same images on warm threads). Jobs wait for a free worker in order.
 * `close()` when done; after a worker crashes or `close()`, every job rejects.
 */
export class ClusterPool {
  /** Worker threads in the pool. */
  readonly size: number;
  private readonly slots: Slot[];
  private readonly idle: Slot[];
  /** Jobs waiting for a free worker, in order. */
  private readonly waiting: { dispatch: (slot: Slot) => void; reject: (e: Error) => void }[] = [];
  private failure: Error | undefined;

  private constructor(script: string, size: number) {
    this.size = size;
    const execArgv = workerExecArgv();
    this.slots = Array.from({ length: size }, () => ({ worker: new Worker(script, { execArgv }) }));
    this.idle = [...this.slots];
    for (const slot of this.slots) {
      slot.worker.on('message', (reply: WorkerReply) => {
        const current = slot.current;
        slot.current = undefined;
        this.release(slot);
        if (!current) return;
        if (reply.error) current.reject(Object.assign(new Error(reply.error.message), { name: reply.error.name }));
        else current.resolve(reply.result!);
      });
      slot.worker.on('error', (err) => this.fail(err));
      slot.worker.on('exit', (code) => this.fail(new Error(`cluster worker exited with code ${code}`)));
    }
  }

  /**
   * Starts `workers` threads (0 = one per core), at most `atMost` (e.g. the number of images);
   * undefined when the worker script is not built (TypeScript sources without dist/: callers
   * cluster in their own thread).
   */
  static start(workers = 0, atMost = Number.POSITIVE_INFINITY): ClusterPool | undefined {
    const script = workerScript();
    if (!script) return undefined;
    return new ClusterPool(script, Math.max(1, Math.min(atMost, workers > 0 ? workers : availableParallelism())));
  }

  /** Clusters one image on the next free worker. */
  run(job: WorkerJob): Promise<ImageClusters> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise<ImageClusters>((resolve, reject) => {
      const dispatch = (slot: Slot): void => {
        slot.current = { resolve, reject };
        slot.worker.postMessage(job);
      };
      const slot = this.idle.shift();
      if (slot) dispatch(slot);
      else this.waiting.push({ dispatch, reject });
    });
  }

  /** Stops every worker at once (jobs in flight reject); safe to call twice. */
  async close(): Promise<void> {
    this.fail(Object.assign(new Error('cluster pool closed'), { name: 'AbortError' }));
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }

  private release(slot: Slot): void {
    if (this.failure) return;
    const next = this.waiting.shift();
    if (next) next.dispatch(slot);
    else this.idle.push(slot);
  }

  private fail(err: Error): void {
    if (this.failure) return;
    this.failure = err;
    for (const slot of this.slots) {
      slot.current?.reject(err);
      slot.current = undefined;
    }
    for (const next of this.waiting.splice(0)) next.reject(err);
  }
}
