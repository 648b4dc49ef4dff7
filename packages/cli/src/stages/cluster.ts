/**
 * Cluster stage: k-means, spectral k-means, diffusion condensation and the
 * persistent map for every image, written as label PNGs at model size
 * (`labels/`) and at each image's original size (`labels_native/`).
 * Images are clustered in chunks across worker threads; each finished chunk is
 * recorded in the run state so `--resume` continues after the last one.
 */
import { clusterImages, type ClusteredImage, type ClusterMethod } from '@cuts/cluster';
import { labelMapToOriginal, writeLabelMapPng, writeNiftiLike, type LoadedItemMeta } from '@cuts/data';
import type { CutsConfig, DatasetItem, EmbeddingMatrix, LabelMap, Reporter } from '@cuts/core';
import { InterruptedError } from '../errors.js';
import { readJson, writeJsonAtomic, exists, type RunDir } from '../run-dir.js';
import type { RunStateStore, StageName } from '../run-state.js';

/** Label-map methods written under labels/ (diffusion levels go to labels/diffusion_levels/). */
export const CUTS_METHODS = ['kmeans', 'spectral_kmeans', 'diffusion_persistent'] as const;

export interface ClusterStageOptions {
  readonly signal?: AbortSignal;
  /** Where embeddings come from: in-memory map, or a loader (e.g. .npy files). */
  readonly embeddings: (id: string) => Promise<EmbeddingMatrix>;
  /** Which methods to run (default all: kmeans, spectral_kmeans, diffusion). */
  readonly methods?: readonly ClusterMethod[];
  /** Written as `labels/<prefix><method>/` (controls: `pixels_`); default none. */
  readonly prefix?: string;
  /** Run-state stage that records finished images (default `cluster`). */
  readonly stage?: StageName;
  /** Write the diffusion levels and their index (default true; the controls skip them). */
  readonly levels?: boolean;
}

type LevelsIndex = Record<string, number[]>;

export async function runClusterStage(
  runDir: RunDir,
  state: RunStateStore,
  items: readonly DatasetItem[],
  config: CutsConfig,
  reporter: Reporter,
  options: ClusterStageOptions,
): Promise<void> {
  const stage = options.stage ?? 'cluster';
  const todo = items.filter((it) => !state.isDone(stage, it.id));
  const chunk = Math.max(2, 2 * (config.cluster.workers || 2));
  let levelsIndex: LevelsIndex = (await exists(runDir.levelsIndex)) ? await readJson<LevelsIndex>(runDir.levelsIndex, 'levels index') : {};
  let done = items.length - todo.length;
  for (let i = 0; i < todo.length; i += chunk) {
    if (options.signal?.aborted) throw new InterruptedError();
    const batch = todo.slice(i, i + chunk);
    const inputs = await Promise.all(
      batch.map(async (it) => ({ id: it.id, matrix: await options.embeddings(it.id), grid: { height: it.image.height, width: it.image.width } })),
    );
    // Timed after the embeddings arrive: streamed embedding counts as embed time, not cluster time.
    const start = performance.now();
    const results = await clusterImages(inputs, config.cluster, { seed: config.seed, workers: config.cluster.workers, methods: options.methods });
    const seconds = (performance.now() - start) / 1000 / batch.length;
    for (let j = 0; j < batch.length; j++) {
      levelsIndex = await writeImageClusters(runDir, batch[j], results[j], levelsIndex, options);
      await state.markDone(stage, batch[j].id, seconds);
      reporter.progress({ task: 'cluster', done: ++done, total: items.length });
    }
  }
  await state.finish(stage);
  reporter.end('cluster');
}

/** Maps a per-method result to its label map. */
export function methodMaps(result: ClusteredImage): Record<(typeof CUTS_METHODS)[number], LabelMap | undefined> {
  return {
    kmeans: result.kmeans?.map,
    spectral_kmeans: result.spectral_kmeans?.map,
    diffusion_persistent: result.diffusion?.persistent,
  };
}

async function writeImageClusters(
  runDir: RunDir,
  item: DatasetItem,
  result: ClusteredImage,
  index: LevelsIndex,
  options: ClusterStageOptions,
): Promise<LevelsIndex> {
  const maps = methodMaps(result);
  for (const method of CUTS_METHODS) {
    const map = maps[method];
    if (map) await writeLabelMaps(runDir, `${options.prefix ?? ''}${method}`, item, map);
  }
  if (!result.diffusion || options.levels === false) return index;
  // Levels arrive finest first; files are named by their index in the full stack.
  const { levels, salientLevels } = result.diffusion;
  for (let l = 0; l < levels.length; l++) await writeLabelMapPng(runDir.level(item.id, salientLevels[l]), levels[l]);
  const next = { ...index, [item.id]: [...salientLevels].reverse() };
  await writeJsonAtomic(runDir.levelsIndex, next);
  return next;
}

/** Writes a label map at model size, and on the source grid (PNG, or NIfTI for NIfTI input). */
export async function writeLabelMaps(runDir: RunDir, method: string, item: DatasetItem, map: LabelMap): Promise<void> {
  await writeLabelMapPng(runDir.labels(method, item.id), map);
  const meta = item.meta as LoadedItemMeta | undefined;
  // Slices of a volume: the 3D label volume is written after clustering (stages/native-labels.ts).
  if (meta?.volume) return;
  const native = labelMapToOriginal(map, item.resize);
  if (meta?.format === 'nifti' && meta.nifti) {
    await writeNiftiLike(runDir.nativeLabels(method, item.id, '.nii.gz'), native, meta.nifti);
  } else {
    await writeLabelMapPng(runDir.nativeLabels(method, item.id, '.png'), native);
  }
}
