/**
 * One image of a queued `cuts segment`: load it, embed it, cluster it and
 * write exactly the files a local `cuts segment` writes for it (each
 * atomically), then its marker. Skipped when the marker exists; a corrupt image
 * throws a CutsInputError naming the file (its job fails, not the batch).
 */
import { buildFeatures, clusterImages } from '@cuts/cluster';
import { CutsInputError } from '@cuts/core';
import { loadEntry, writeImagePng, writeLabelMapPng, writeMaskPng, writeNpy } from '@cuts/data';
import { embedAndReconstruct } from '@cuts/train';
import { RunDir, exists, readJson, writeJsonAtomic } from '../run-dir.js';
import { CUTS_METHODS, methodMaps, writeLabelMaps } from '../stages/cluster.js';
import type { ImageJobData, ImageJobResult, ImageMarker } from './jobs.js';
import { markerFile } from './jobs.js';
import type { WorkerResources } from './resources.js';

export async function runImageJob(data: ImageJobData, resources: WorkerResources): Promise<ImageJobResult> {
  const runDir = new RunDir(data.out);
  const id = data.entry.id;
  if (await exists(markerFile(runDir, id))) return { id, skipped: true };
  const { config } = await resources.runConfig(data.out);
  const [item, ...more] = await loadEntry(data.entry, { ...config.data });
  if (more.length > 0)
    throw new CutsInputError('3D volumes are not queued yet: run `cuts segment` without --queue', data.entry.imagePath);
  await writeImagePng(runDir.image(id), item.image);
  if (item.mask) await writeMaskPng(runDir.mask(id), item.mask);

  const model = await resources.model(data.model, config.backend);
  let start = performance.now();
  const { embedding: z, reconstruction } = embedAndReconstruct(model, item.image);
  await writeImagePng(runDir.recon(id), reconstruction);
  if (data.keepEmbeddings) await writeNpy(runDir.embedding(id), { shape: [z.rows, z.dim], data: z.data });
  const embed = (performance.now() - start) / 1000;

  start = performance.now();
  const matrix = buildFeatures(
    config.cluster.features,
    { image: item.image, embedding: z },
    config.cluster.pixelWeight,
  );
  const [result] = await clusterImages(
    [{ id, matrix, grid: { height: item.image.height, width: item.image.width } }],
    config.cluster,
    {
      seed: config.seed,
      workers: 1,
      methods: data.methods,
    },
  );
  const maps = methodMaps(result);
  for (const method of CUTS_METHODS) {
    const map = maps[method];
    if (map) await writeLabelMaps(runDir, method, item, map);
  }
  let levels: number[] | undefined;
  if (result.diffusion) {
    const { levels: stack, salientLevels } = result.diffusion;
    for (let l = 0; l < stack.length; l++) await writeLabelMapPng(runDir.level(id, salientLevels[l]), stack[l]);
    levels = [...salientLevels].reverse();
  }
  const marker: ImageMarker = {
    id,
    ...(levels ? { levels } : {}),
    seconds: { embed, cluster: (performance.now() - start) / 1000 },
  };
  await writeJsonAtomic(markerFile(runDir, id), marker);
  return { id, skipped: false };
}

export const readMarker = (runDir: RunDir, id: string): Promise<ImageMarker> =>
  readJson<ImageMarker>(markerFile(runDir, id), 'image marker');
