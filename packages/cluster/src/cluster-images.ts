import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { CutsInputError, silentReporter, type ClusterConfig, type EmbeddingMatrix, type Reporter } from '@cuts/core';
import { clusterImage, clusterMethods, type ClusterMethod, type Grid, type ImageClusters } from './cluster-image.js';

/** One image for `clusterImages`: its id, its N × D matrix and its grid. */
export interface ClusterImageInput {
  id: string;
  matrix: EmbeddingMatrix;
  grid: Grid;
}

/** Options of `clusterImages`: methods, worker threads, progress, seed, cancellation. */
export interface ClusterImagesOptions {
  methods?: readonly ClusterMethod[];
  /** Worker threads; default config.workers, where 0 means one per core. 1 = in this thread. */
  workers?: number;
  reporter?: Reporter;
  seed?: number;
  /**
   * Stops the work when fired: the images run in worker threads (even one
   * image, so the main thread stays free to notice), the workers are
   * terminated, and the promise rejects with an AbortError.
   */
  signal?: AbortSignal;
}

/** One image's results from `clusterImages`, with its id. */
export interface ClusteredImage extends ImageClusters {
  id: string;
}

/** @internal message to a worker */
export interface WorkerJob {
  index: number;
  matrix: EmbeddingMatrix;
  grid: Grid;
  config: ClusterConfig;
  methods: readonly ClusterMethod[];
  seed: number;
}
/** @internal message from a worker */
export interface WorkerReply {
  index: number;
  result?: ImageClusters;
  error?: { name: string; message: string; path?: string };
}

/**
 * Clusters many images, in parallel across worker threads, reporting progress per image
 * (task "cluster"). Results come back in input order. Each image uses the same seed, so
 * results do not depend on the number of workers.
 */
export async function clusterImages(
  images: readonly ClusterImageInput[],
  config: ClusterConfig,
  options: ClusterImagesOptions = {},
): Promise<ClusteredImage[]> {
  const methods = options.methods ?? clusterMethods;
  const reporter = options.reporter ?? silentReporter;
  const seed = options.seed ?? 0;
  const requested = options.workers ?? config.workers;
  const threads = Math.max(1, Math.min(images.length, requested > 0 ? requested : availableParallelism()));
  const results: ClusteredImage[] = new Array(images.length);
  let done = 0;
  const report = (id: string): void => {
    done++;
    reporter.progress({ task: 'cluster', done, total: images.length, info: { image: id } });
  };
  reporter.progress({ task: 'cluster', done: 0, total: images.length });
  const signal = options.signal;
  if (signal?.aborted) throw abortError();
  const script = threads > 1 || signal ? workerScript() : undefined;
  if (threads > 1 && !script) {
    reporter.log('warn', 'cluster worker script not found (unbuilt sources?); clustering in the main thread');
  }
  if (!script) {
    for (const [i, img] of images.entries()) {
      try {
        results[i] = { id: img.id, ...clusterImage(img.matrix, img.grid, config, methods, seed) };
      } catch (err) {
        throw imageError(img.id, err as Error);
      }
      report(img.id);
    }
    reporter.end('cluster');
    return results;
  }
  const execArgv = workerExecArgv();
  const pool = Array.from({ length: threads }, () => new Worker(script, { execArgv }));
  let onAbort: (() => void) | undefined;
  try {
    let next = 0;
    const aborted = new Promise<never>((_, reject) => {
      onAbort = () => reject(abortError());
      signal?.addEventListener('abort', onAbort, { once: true });
    });
    aborted.catch(() => undefined);
    const work = Promise.all(
      pool.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            const send = (): void => {
              if (next >= images.length) {
                resolve();
                return;
              }
              const index = next++;
              const img = images[index];
              const job: WorkerJob = { index, matrix: img.matrix, grid: img.grid, config, methods, seed };
              worker.postMessage(job);
            };
            worker.on('message', (reply: WorkerReply) => {
              const img = images[reply.index];
              if (reply.error) {
                const { name, message } = reply.error;
                return reject(imageError(img.id, Object.assign(new Error(message), { name })));
              }
              results[reply.index] = { id: img.id, ...reply.result! };
              report(img.id);
              send();
            });
            worker.on('error', reject);
            worker.on('exit', (code) => {
              if (code !== 0) reject(new Error(`cluster worker exited with code ${code}`));
            });
            send();
          }),
      ),
    );
    await Promise.race([work, aborted]);
  } finally {
    if (onAbort) signal?.removeEventListener('abort', onAbort);
    await Promise.all(pool.map((w) => w.terminate()));
  }
  reporter.end('cluster');
  return results;
}

/**
 * Node flags for the workers: the parent's, minus the "@cuts/source" export condition
 * (test runners set it so packages resolve to TypeScript sources, which a plain worker
 * cannot load; the worker runs the built JavaScript instead).
 */
function workerExecArgv(): string[] {
  const out: string[] = [];
  const argv = process.execArgv;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if ((a === '--conditions' || a === '-C') && argv[i + 1] === '@cuts/source') {
      i++;
      continue;
    }
    if (a === '--conditions=@cuts/source' || a === '-C=@cuts/source') continue;
    out.push(a);
  }
  return out;
}

function abortError(): Error {
  return Object.assign(new Error('clustering stopped'), { name: 'AbortError' });
}

/** Prefixes the image id; input errors stay CutsInputError (the CLI maps them to exit code 2). */
function imageError(id: string, err: Error): Error {
  if (err.name === 'CutsInputError') return new CutsInputError(err.message, `image ${id}`, { cause: err });
  return new Error(`image ${id}: ${err.message}`, { cause: err });
}

/**
 * The worker entry as built JavaScript: next to this module in dist/, or — when this
 * module runs from its TypeScript sources (tests) — the package's built dist/.
 */
export function workerScript(): string | undefined {
  const candidates = [
    new URL('./cluster-worker.js', import.meta.url),
    new URL('../dist/cluster-worker.js', import.meta.url),
  ];
  for (const url of candidates) {
    const file = fileURLToPath(url);
    if (existsSync(file)) return file;
  }
  return undefined;
}
