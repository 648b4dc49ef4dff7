/** Baselines stage: classical segmentations written like the CUTS label maps. */
import { baselineOptionsFromConfig, runBaseline } from '@cuts/baselines';
import type { BaselineName, CutsConfig, DatasetItem, Reporter } from '@cuts/core';
import { InterruptedError } from '../errors.js';
import type { RunDir } from '../run-dir.js';
import { writeLabelMaps } from './cluster.js';

export async function runBaselinesStage(
  runDir: RunDir,
  items: readonly DatasetItem[],
  methods: readonly BaselineName[],
  config: CutsConfig,
  reporter: Reporter,
  signal?: AbortSignal,
): Promise<void> {
  const options = baselineOptionsFromConfig(config.eval, config.seed);
  let done = 0;
  for (const item of items) {
    for (const method of methods) {
      if (signal?.aborted) throw new InterruptedError();
      await writeLabelMaps(runDir, method, item, runBaseline(method, item.image, options));
    }
    reporter.progress({ task: 'baseline', done: ++done, total: items.length });
  }
  reporter.end('baseline');
}
