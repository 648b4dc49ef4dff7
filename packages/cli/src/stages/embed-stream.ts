/**
 * Embeddings on demand for the cluster stage: each image is embedded when the
 * cluster stage asks for it (one chunk of images at a time), its
 * reconstruction written, and the matrix dropped once clustered, so memory
 * holds one chunk's embeddings, never the whole dataset's (a volume's slices
 * stream through the same way).
 */
import { writeImagePng, writeNpy } from '@cuts/data';
import { embedImage, reconstructImage, type CutsModel } from '@cuts/train';
import { CutsInputError, type DatasetItem, type EmbeddingMatrix, type Reporter } from '@cuts/core';
import { InterruptedError } from '../errors.js';
import type { RunDir } from '../run-dir.js';

export interface StreamingEmbedder {
  /** Embeds one image (and writes its reconstruction, and its .npy when kept). */
  readonly get: (id: string) => Promise<EmbeddingMatrix>;
  /** Seconds spent embedding so far. */
  readonly seconds: () => number;
}

export function streamingEmbedder(
  runDir: RunDir,
  model: CutsModel,
  items: readonly DatasetItem[],
  reporter: Reporter,
  options: { readonly keep: boolean; readonly signal?: AbortSignal; readonly total: number },
): StreamingEmbedder {
  const byId = new Map(items.map((it) => [it.id, it]));
  let seconds = 0;
  let done = 0;
  return {
    seconds: () => seconds,
    get: async (id) => {
      if (options.signal?.aborted) throw new InterruptedError();
      const item = byId.get(id);
      if (!item) throw new CutsInputError(`no image with id ${id} to embed`, runDir.root);
      const start = performance.now();
      const z = embedImage(model, item.image);
      await writeImagePng(runDir.recon(id), reconstructImage(model, item.image));
      if (options.keep) await writeNpy(runDir.embedding(id), { shape: [z.rows, z.dim], data: z.data });
      seconds += (performance.now() - start) / 1000;
      reporter.progress({ task: 'embed', done: ++done, total: options.total });
      return z;
    },
  };
}
