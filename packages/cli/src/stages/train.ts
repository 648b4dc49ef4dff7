/** Train stage: label-free CUTS training into `<run-dir>/model/`. */
import { disposeModel, loadCutsModel, trainCuts, type CutsModel } from '@cuts/train';
import type { CutsConfig, DatasetItem, Reporter } from '@cuts/core';
import { InterruptedError } from '../errors.js';
import type { RunDir } from '../run-dir.js';
import type { RunStateStore } from '../run-state.js';

export interface TrainStageOptions {
  readonly resume: boolean;
  readonly signal?: AbortSignal;
}

/** Trains (or, when finished before, loads) the model; returns the best checkpoint's model. */
export async function runTrainStage(
  runDir: RunDir,
  state: RunStateStore,
  items: readonly DatasetItem[],
  config: CutsConfig,
  reporter: Reporter,
  options: TrainStageOptions,
): Promise<CutsModel> {
  if (options.resume && state.isFinished('train')) {
    reporter.log('info', `training already finished; loading ${runDir.modelDir}`);
    return loadCutsModel(runDir.modelDir);
  }
  const start = performance.now();
  const result = await trainCuts({
    items,
    config,
    checkpointDir: runDir.modelDir,
    resume: options.resume,
    reporter,
    signal: options.signal,
  });
  reporter.end('train');
  if (result.aborted) {
    disposeModel(result.model);
    throw new InterruptedError();
  }
  await state.finish('train', (performance.now() - start) / 1000);
  reporter.log('info', `training done: best validation loss at epoch ${result.bestEpoch} of ${result.history.length}`);
  return result.model;
}
