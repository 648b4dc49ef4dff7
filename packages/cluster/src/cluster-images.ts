import { availableParallelism } from 'node:os';
import { CutsInputError, silentReporter, type ClusterConfig, type EmbeddingMatrix, type Reporter } from '@cuts/core';
import { clusterImage, clusterMethods, type ClusterMethod, type Grid, type ImageClusters } from './cluster-image.js';
import { ClusterPool } from './cluster-pool.js';

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
  /**
   * Worker threads to use instead of starting (and stopping) new ones for this call: keeps
   * them warm across calls (see ClusterPool). `workers` is then the pool's size. An abort
   * closes the pool.
   */
  pool?: ClusterPool;
}

/** One image's results from `clusterImages`, with its id. */
export interface ClusteredImage extends ImageClusters {
  id: string;
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
  const pool = options.pool ?? (threads > 1 || signal ? ClusterPool.start(threads) : undefined);
  if (threads > 1 && !pool) {
    reporter.log('warn', 'cluster worker script not found (unbuilt sources?); clustering in the main thread');
  }
  if (!pool) {
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
  let onAbort: (() => void) | undefined;
  try {
    const aborted = new Promise<never>((_, reject) => {
      onAbort = () => reject(abortError());
      signal?.addEventListener('abort', onAbort, { once: true });
    });
    aborted.catch(() => undefined);
    const work = Promise.all(
      images.map((img, i) =>
        pool.run({ matrix: img.matrix, grid: img.grid, config, methods, seed }).then(
          (r) => {
            results[i] = { id: img.id, ...r };
            report(img.id);
          },
          (err: Error) => {
            throw err.name === 'AbortError' ? err : imageError(img.id, err);
          },
        ),
      ),
    );
    work.catch(() => undefined);
    await Promise.race([work, aborted]);
  } finally {
    if (onAbort) signal?.removeEventListener('abort', onAbort);
    // our own pool always stops; a borrowed one only on abort (its work is abandoned)
    if (!options.pool || signal?.aborted) await pool.close();
  }
  reporter.end('cluster');
  return results;
}

function abortError(): Error {
  return Object.assign(new Error('clustering stopped'), { name: 'AbortError' });
}

/** Prefixes the image id; input errors stay CutsInputError (the CLI maps them to exit code 2). */
function imageError(id: string, err: Error): Error {
  if (err.name === 'CutsInputError') return new CutsInputError(err.message, `image ${id}`, { cause: err });
  return new Error(`image ${id}: ${err.message}`, { cause: err });
}
