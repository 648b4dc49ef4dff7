/**
 * Cluster stage: k-means, spectral k-means, diffusion condensation and the
 * persistent map for every image, written as label PNGs at model size
 * (`labels/`) and at each image's original size (`labels_native/`).
 * Images are clustered in chunks across worker threads; each finished chunk is
 * recorded in the run state so `--resume` continues after the last one.
 */
import { ClusterPool, clusterImages, type ClusteredImage, type ClusterMethod } from '@cuts/cluster';
import { labelMapToOriginal, writeLabelMapPng, writeNiftiLike, type LoadedItemMeta } from '@cuts/data';
import {
  createLabelMap,
  type CutsConfig,
  type DatasetItem,
  type EmbeddingMatrix,
  type LabelMap,
  type Reporter,
} from '@cuts/core';
import { InterruptedError } from '../errors.js';
import { readLevelsIndex, writeLevelsIndex, type RunDir } from '../run-dir.js';
import type { LevelsIndex } from '@cuts/run-folder';
import type { RunStateStore, StageName } from '../run-state.js';

/**
 * Label-map methods written under labels/ (diffusion levels go to labels/diffusion_levels/).
 * `spectral_classes` comes with spectral k-means: its label-free k's clusters as classes
 * (one id per cluster, no region split or minimum size), for targets made of many objects.
 */
export const CUTS_METHODS = ['kmeans', 'spectral_kmeans', 'spectral_classes', 'diffusion_persistent'] as const;

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
  let levelsIndex: LevelsIndex = await readLevelsIndex(runDir);
  let done = items.length - todo.length;
  // The bar shows from the start, not after the first chunk.
  reporter.progress({ task: 'cluster', done, total: items.length });
  // One set of worker threads for the whole stage: a fresh worker per chunk ran its first
  // images on cold code (the stage took ≈ 2× the CPU time of warm threads; BENCHMARKS.md).
  // Without a built worker script, clusterImages works in this thread.
  const pool = todo.length > 0 ? ClusterPool.start(config.cluster.workers, todo.length) : undefined;
  try {
    for (let i = 0; i < todo.length; i += chunk) {
      if (options.signal?.aborted) throw new InterruptedError();
      let batch = todo.slice(i, i + chunk);
      // Constant images (blank, or all NaN/Inf before loading) have one region: written directly,
      // since clustering identical points is slow and says nothing.
      for (const item of batch.filter(isConstantImage)) {
        reporter.log('warn', `${item.imagePath}: the image is constant; every method gives it a single region`);
        levelsIndex = await writeSingleRegion(runDir, item, options, levelsIndex, config.cluster.spectral.chooseK);
        await state.markDone(stage, item.id, 0);
        reporter.progress({ task: 'cluster', done: ++done, total: items.length });
      }
      batch = batch.filter((it) => !isConstantImage(it));
      if (batch.length === 0) continue;
      const inputs = await Promise.all(
        batch.map(async (it) => ({
          id: it.id,
          matrix: await options.embeddings(it.id),
          grid: { height: it.image.height, width: it.image.width },
        })),
      );
      // Timed after the embeddings arrive: streamed embedding counts as embed time, not cluster time.
      const start = performance.now();
      const results = await clusterImages(inputs, config.cluster, {
        seed: config.seed,
        workers: config.cluster.workers,
        methods: options.methods,
        signal: options.signal,
        pool,
      }).catch((err: unknown) => {
        throw (err as Error).name === 'AbortError' ? new InterruptedError() : err;
      });
      const seconds = (performance.now() - start) / 1000 / batch.length;
      for (let j = 0; j < batch.length; j++) {
        levelsIndex = await writeImageClusters(runDir, batch[j], results[j], levelsIndex, options);
        await state.markDone(stage, batch[j].id, seconds);
        reporter.progress({ task: 'cluster', done: ++done, total: items.length });
      }
    }
  } finally {
    await pool?.close();
  }
  await state.finish(stage);
  reporter.end('cluster');
}

/** True when every value of the model input is the same. */
export function isConstantImage(item: DatasetItem): boolean {
  const d = item.image.data;
  for (let i = 1; i < d.length; i++) if (d[i] !== d[0]) return false;
  return true;
}

/** Label maps of one region (label 0) for every requested method, and one diffusion level. */
async function writeSingleRegion(
  runDir: RunDir,
  item: DatasetItem,
  options: ClusterStageOptions,
  index: LevelsIndex,
  classes: boolean,
): Promise<LevelsIndex> {
  const map = createLabelMap(item.image.height, item.image.width, new Int32Array(item.image.height * item.image.width));
  const wanted = options.methods ?? ['kmeans', 'spectral_kmeans', 'diffusion'];
  const prefix = options.prefix ?? '';
  if (wanted.includes('kmeans')) await writeLabelMaps(runDir, `${prefix}kmeans`, item, map);
  if (wanted.includes('spectral_kmeans')) {
    await writeLabelMaps(runDir, `${prefix}spectral_kmeans`, item, map);
    if (classes) await writeLabelMaps(runDir, `${prefix}spectral_classes`, item, map);
  }
  if (!wanted.includes('diffusion')) return index;
  await writeLabelMaps(runDir, `${prefix}diffusion_persistent`, item, map);
  if (options.levels === false) return index;
  await writeLabelMapPng(runDir.level(item.id, 0), map);
  const next = { ...index, [item.id]: [0] };
  await writeLevelsIndex(runDir, next);
  return next;
}

/** Maps a per-method result to its label map. */
export function methodMaps(result: ClusteredImage): Record<(typeof CUTS_METHODS)[number], LabelMap | undefined> {
  return {
    kmeans: result.kmeans?.map,
    spectral_kmeans: result.spectral_kmeans?.map,
    spectral_classes: result.spectral_kmeans?.classes,
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
  await writeLevelsIndex(runDir, next);
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
