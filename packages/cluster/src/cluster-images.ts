import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { CutsInputError, silentReporter, type ClusterConfig, type EmbeddingMatrix, type Reporter } from '@cuts/core';
import { clusterImage, clusterMethods, type ClusterMethod, type Grid, type ImageClusters } from './cluster-image.js';

export interface ClusterImageInput {
  id: string;
  matrix: EmbeddingMatrix;
  grid: Grid;
}

export interface ClusterImagesOptions {
  methods?: readonly ClusterMethod[];
  /** Worker threads; default config.workers, where 0 means one per core. 1 = in this thread. */
  workers?: number;
  reporter?: Reporter;
  seed?: number;
}

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
  const script = threads > 1 ? workerScript() : undefined;
  if (threads > 1 && !script) {
    reporter.log('warn', 'cluster worker script not found (unbuilt sources?); clustering in the main thread');
  }
  if (!script) {
    for (const [i, img] of images.entries()) {
      results[i] = { id: img.id, ...clusterImage(img.matrix, img.grid, config, methods, seed) };
      report(img.id);
    }
    reporter.end('cluster');
    return results;
  }
  const pool = Array.from({ length: threads }, () => new Worker(script));
  try {
    let next = 0;
    await Promise.all(
      pool.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            const send = (): void => {
              if (next >= images.length) return resolve();
              const index = next++;
              const img = images[index];
              const job: WorkerJob = { index, matrix: img.matrix, grid: img.grid, config, methods, seed };
              worker.postMessage(job);
            };
            worker.on('message', (reply: WorkerReply) => {
              const img = images[reply.index];
              if (reply.error) {
                const { name, message, path } = reply.error;
                const err = name === 'CutsInputError' ? new CutsInputError(stripPath(message, path), path) : new Error(message);
                return reject(new Error(`image ${img.id}: ${err.message}`, { cause: err }));
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
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
  reporter.end('cluster');
  return results;
}

function stripPath(message: string, path?: string): string {
  return path && message.startsWith(`${path}: `) ? message.slice(path.length + 2) : message;
}

/**
 * The worker entry as built JavaScript: next to this module in dist/, or — when this
 * module runs from its TypeScript sources (tests) — the package's built dist/.
 */
export function workerScript(): string | undefined {
  const candidates = [new URL('./cluster-worker.js', import.meta.url), new URL('../dist/cluster-worker.js', import.meta.url)];
  for (const url of candidates) {
    const file = fileURLToPath(url);
    if (existsSync(file)) return file;
  }
  return undefined;
}
