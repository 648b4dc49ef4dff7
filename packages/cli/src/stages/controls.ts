/**
 * Controls stage: what a user needs to judge the learned maps on their own data.
 * When masks exist it writes, beside the CUTS maps, the same clustering run on the
 * raw pixels (`labels/pixels_<method>/`, no training involved) and the classical
 * baselines (`labels/<baseline>/`, run by the baselines stage). The evaluate stage
 * scores them like any map and the report compares them (controls-report.ts).
 */
import { buildFeatures, type ClusterMethod } from '@cuts/cluster';
import type { BaselineName, CutsConfig, DatasetItem, Reporter } from '@cuts/core';
import type { RunDir } from '../run-dir.js';
import type { RunStateStore } from '../run-state.js';
import { runClusterStage } from './cluster.js';

/** Label-map folder prefix of the raw-pixel control. */
export const PIXELS_PREFIX = 'pixels_';
/** The classical tools every report compares against (random is a floor, not a tool). */
export const CONTROL_BASELINES: readonly BaselineName[] = ['otsu', 'kmeans_pixels', 'slic', 'felzenszwalb'];

export interface ControlsStageOptions {
  readonly signal?: AbortSignal;
  readonly methods?: readonly ClusterMethod[];
}

/** True when the run should write controls: enabled, and some image has a non-empty mask. */
export function wantsControls(config: CutsConfig, items: readonly DatasetItem[]): boolean {
  return config.eval.controls && items.some((it) => it.mask?.data.some((v) => v !== 0));
}

/** The baselines to run: the user's, plus the control set when controls are on. */
export function baselinesToRun(requested: readonly BaselineName[], controls: boolean): BaselineName[] {
  return controls ? [...new Set([...requested, ...CONTROL_BASELINES])] : [...requested];
}

/** The raw-pixel control (the baselines run with the user's, see baselinesToRun). */
export async function runPixelControl(
  runDir: RunDir,
  state: RunStateStore,
  items: readonly DatasetItem[],
  config: CutsConfig,
  reporter: Reporter,
  options: ControlsStageOptions,
): Promise<void> {
  if (config.cluster.features === 'pixels' || state.isFinished('controls')) return;
  reporter.log('info', 'controls: the same clustering on raw pixels (no training)');
  const byId = new Map(items.map((it) => [it.id, it]));
  await runClusterStage(runDir, state, items, config, reporter, {
    signal: options.signal,
    methods: options.methods,
    prefix: PIXELS_PREFIX,
    stage: 'controls',
    levels: false,
    embeddings: async (id) => buildFeatures('pixels', { image: byId.get(id)!.image }),
  });
}
