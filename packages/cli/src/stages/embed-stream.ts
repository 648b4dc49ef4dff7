/**
 * Embeddings on demand for the cluster stage: each image is embedded when the
 * cluster stage asks for it (one chunk of images at a time), its
 * reconstruction written, and the matrix dropped once clustered, so memory
 * holds one chunk's embeddings, never the whole dataset's (a volume's slices
 * stream through the same way). With a pool (startEmbedPool) the images of a
 * chunk are embedded on worker threads at the same time; the results are the
 * same bit for bit as on this thread.
 */
import { writeImagePng, writeNpy } from '@cuts/data';
import { embedAndReconstruct, ParallelPool, resolveWorkers, type CutsModel } from '@cuts/train';
import { CutsInputError, type DatasetItem, type EmbeddingMatrix, type Image, type Reporter } from '@cuts/core';
import { InterruptedError } from '../errors.js';
import type { RunDir } from '../run-dir.js';

export interface StreamingEmbedder {
  /** Embeds one image (and writes its reconstruction, and its .npy when kept). */
  readonly get: (id: string) => Promise<EmbeddingMatrix>;
  /** Wall-clock seconds during which at least one image was being embedded. */
  readonly seconds: () => number;
}

/**
 * Worker threads for embedding `images` images with `model`
 * (config train.workers: 0 = one per core, 1 = none), weights sent;
 * undefined for one thread (or when the worker script is not built).
 */
export async function startEmbedPool(
  model: CutsModel,
  workers: number,
  images: number,
): Promise<ParallelPool | undefined> {
  const threads = Math.min(resolveWorkers(workers), images);
  if (threads < 2) return undefined;
  const pool = await ParallelPool.start(model, threads, 'auto');
  pool?.setWeights(model);
  return pool;
}

export function streamingEmbedder(
  runDir: RunDir,
  model: CutsModel,
  items: readonly DatasetItem[],
  reporter: Reporter,
  options: {
    readonly keep: boolean;
    readonly signal?: AbortSignal;
    readonly total: number;
    /** Embeds on these worker threads instead of this one. */
    readonly pool?: ParallelPool;
  },
): StreamingEmbedder {
  const byId = new Map(items.map((it) => [it.id, it]));
  const { pool } = options;
  const embed = async (image: Image): Promise<{ z: EmbeddingMatrix; recon: Image }> => {
    if (pool) {
      const r = await pool.embedOne(image, true);
      return { z: r.embedding, recon: r.reconstruction! };
    }
    const r = embedAndReconstruct(model, image);
    return { z: r.embedding, recon: r.reconstruction };
  };
  let seconds = 0;
  let active = 0;
  let since = 0;
  let done = 0;
  return {
    seconds: () => seconds + (active > 0 ? (performance.now() - since) / 1000 : 0),
    get: async (id) => {
      if (options.signal?.aborted) throw new InterruptedError();
      const item = byId.get(id);
      if (!item) throw new CutsInputError(`no image with id ${id} to embed`, runDir.root);
      if (active++ === 0) since = performance.now();
      try {
        const { z, recon } = await embed(item.image);
        await writeImagePng(runDir.recon(id), recon);
        if (options.keep) await writeNpy(runDir.embedding(id), { shape: [z.rows, z.dim], data: z.data });
        reporter.progress({ task: 'embed', done: ++done, total: options.total });
        return z;
      } finally {
        if (--active === 0) seconds += (performance.now() - since) / 1000;
      }
    },
  };
}
