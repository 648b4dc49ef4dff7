/**
 * Data stage: load the user's folder (or write and load the synthetic demo
 * set), and copy model-input images and masks into the run folder for the viewer.
 */
import path from 'node:path';
import { loadDataset, summarizeDataset, writeDemoDataset, writeImagePng, writeMaskPng } from '@cuts/data';
import type { CutsConfig, DatasetItem, Reporter } from '@cuts/core';
import { exists } from '../run-dir.js';
import { RUN_DIRS } from '@cuts/run-folder';
import type { RunDir } from '../run-dir.js';

export const DEMO_DEFAULT_COUNT = 12;
/** The demo set does not change with the training seed. */
export const DEMO_SEED = 1;

export interface LoadedRunData {
  readonly items: DatasetItem[];
  /** The folder the images were read from. */
  readonly dataDir: string;
  readonly isDemo: boolean;
}

export interface LoadRunDataOptions {
  readonly data?: string;
  readonly demoCount?: number;
  readonly requireMasks?: boolean;
}

export async function loadRunData(
  runDir: RunDir,
  config: CutsConfig,
  reporter: Reporter,
  options: LoadRunDataOptions,
): Promise<LoadedRunData> {
  let dataDir = options.data ? path.resolve(options.data) : undefined;
  const isDemo = dataDir === undefined;
  if (dataDir === undefined) {
    dataDir = runDir.at(RUN_DIRS.demoData);
    const count = options.demoCount ?? DEMO_DEFAULT_COUNT;
    if (!(await exists(path.join(dataDir, 'images')))) {
      reporter.log('info', `no --data given: writing the synthetic demo set (${count} images) to ${dataDir}`);
      await writeDemoDataset(dataDir, { count, seed: DEMO_SEED, size: config.data.imageSize });
    }
  }
  const items = await loadDataset(dataDir, {
    ...config.data,
    requireMasks: options.requireMasks ?? config.data.requireMasks,
    reporter,
  });
  const s = summarizeDataset(items);
  reporter.log(
    'info',
    `dataset ${dataDir}: ${s.count} image(s), ${s.withMasks} with masks, ${s.channels} channel(s), model input ${s.imageSize}²`,
  );
  return { items, dataDir, isDemo };
}

/** Model-input images and masks as 8-bit PNGs (what the viewer shows). */
export async function writeViewerInputs(runDir: RunDir, items: readonly DatasetItem[]): Promise<void> {
  for (const item of items) {
    await writeImagePng(runDir.image(item.id), item.image);
    if (item.mask) await writeMaskPng(runDir.mask(item.id), item.mask);
  }
}
