/**
 * Embed stage: full-resolution embeddings and reconstructions of every image.
 * Embeddings stay in memory for clustering; `keep` also writes them as
 * `<run-dir>/embeddings/<image>.npy` (float32 [H·W, D]) so `cuts cluster` can
 * run alone later.
 */
import { readNpy } from '@cuts/data';
import { startEmbedPool, streamingEmbedder } from './embed-stream.js';
import type { CutsModel } from '@cuts/train';
import {
  CutsInputError,
  createEmbeddingMatrix,
  type DatasetItem,
  type EmbeddingMatrix,
  type Reporter,
} from '@cuts/core';
import type { RunDir } from '../run-dir.js';

export interface EmbedStageOptions {
  readonly keep: boolean;
  readonly signal?: AbortSignal;
  /** Worker threads (config train.workers; 0 = one per core (the default), 1 = this thread). */
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
  // The bar shows from the start, before the worker threads are up.
  reporter.progress({ task: 'embed', done: 0, total: items.length });
  const pool = await startEmbedPool(model, options.workers ?? 0, items.length);
  try {
    const embedder = streamingEmbedder(runDir, model, items, reporter, {
      keep: options.keep,
      signal: options.signal,
      total: items.length,
      pool,
    });
    // A few images in flight per thread; written in input order.
    const chunk = 2 * (pool?.size ?? 1);
    for (let i = 0; i < items.length; i += chunk) {
      const batch = items.slice(i, i + chunk);
      const results = await Promise.all(batch.map((it) => embedder.get(it.id)));
      batch.forEach((it, j) => out.set(it.id, results[j]));
    }
  } finally {
    await pool?.close();
  }
  reporter.end('embed');
  return out;
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
