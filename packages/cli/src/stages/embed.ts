/**
 * Embed stage: full-resolution embeddings and reconstructions of every image.
 * Embeddings stay in memory for clustering; `keep` also writes them as
 * `<run-dir>/embeddings/<image>.npy` (float32 [H·W, D]) so `cuts cluster` can
 * run alone later.
 */
import { readNpy, writeImagePng, writeNpy } from '@cuts/data';
import { embedImage, ParallelPool, reconstructImage, resolveWorkers, type CutsModel } from '@cuts/train';
import {
  CutsInputError,
  createEmbeddingMatrix,
  type DatasetItem,
  type EmbeddingMatrix,
  type Reporter,
} from '@cuts/core';
import { InterruptedError } from '../errors.js';
import type { RunDir } from '../run-dir.js';

export interface EmbedStageOptions {
  readonly keep: boolean;
  readonly signal?: AbortSignal;
  /** Worker threads (config train.workers; 0 = one per core, 1 = this thread). */
  readonly workers?: number;
}

export async function runEmbedStage(
  runDir: RunDir,
  model: CutsModel,
  items: readonly DatasetItem[],
  reporter: Reporter,
  options: EmbedStageOptions,
): Promise<Map<string, EmbeddingMatrix>> {
  const out = new Map<string, EmbeddingMatrix>();
  const threads = Math.min(resolveWorkers(options.workers ?? 1), items.length);
  const pool = threads > 1 ? await ParallelPool.start(model, threads, 'auto') : undefined;
  if (pool) {
    try {
      await embedOnPool(pool, runDir, model, items, reporter, options, out);
    } finally {
      await pool.close();
    }
    return out;
  }
  let done = 0;
  reporter.progress({ task: 'embed', done, total: items.length });
  for (const item of items) {
    if (options.signal?.aborted) throw new InterruptedError();
    const z = embedImage(model, item.image);
    out.set(item.id, z);
    await writeImagePng(runDir.recon(item.id), reconstructImage(model, item.image));
    if (options.keep) await writeNpy(runDir.embedding(item.id), { shape: [z.rows, z.dim], data: z.data });
    reporter.progress({ task: 'embed', done: ++done, total: items.length });
  }
  reporter.end('embed');
  return out;
}

/** The same on worker threads (one backend and model copy each), `2 × threads` images at a time. */
async function embedOnPool(
  pool: ParallelPool,
  runDir: RunDir,
  model: CutsModel,
  items: readonly DatasetItem[],
  reporter: Reporter,
  options: EmbedStageOptions,
  out: Map<string, EmbeddingMatrix>,
): Promise<void> {
  pool.setWeights(model);
  const chunk = 2 * pool.size;
  let done = 0;
  for (let i = 0; i < items.length; i += chunk) {
    if (options.signal?.aborted) throw new InterruptedError();
    const batch = items.slice(i, i + chunk);
    const results = await pool.embed(
      batch.map((it) => it.image),
      true,
    );
    for (const [j, item] of batch.entries()) {
      const z = results[j].embedding;
      out.set(item.id, z);
      await writeImagePng(runDir.recon(item.id), results[j].reconstruction!);
      if (options.keep) await writeNpy(runDir.embedding(item.id), { shape: [z.rows, z.dim], data: z.data });
      reporter.progress({ task: 'embed', done: ++done, total: items.length });
    }
  }
  reporter.end('embed');
}

/** Reads embeddings written by `cuts embed`. */
export async function readEmbedding(runDir: RunDir, id: string): Promise<EmbeddingMatrix> {
  const file = runDir.embedding(id);
  const arr = await readNpy(file).catch((err: unknown) => {
    throw new CutsInputError(
      `no embeddings for image ${id} (run \`cuts embed\` first): ${(err as Error).message}`,
      file,
    );
  });
  if (arr.shape.length !== 2 || !(arr.data instanceof Float32Array)) {
    throw new CutsInputError(
      `expected a float32 [pixels, dim] matrix, got ${arr.dtype} ${JSON.stringify(arr.shape)}`,
      file,
    );
  }
  return createEmbeddingMatrix(arr.shape[0], arr.shape[1], arr.data);
}
