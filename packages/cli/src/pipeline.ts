/**
 * The stage sequence behind `cuts run`, `cuts segment` and the single-stage
 * commands. No algorithm lives here: each step calls a stage package.
 */
import path from 'node:path';
import type { ClusterMethod } from '@cuts/cluster';
import { disposeModel, loadCutsModel, type CutsModel } from '@cuts/train';
import { CutsInputError, selectBackend, type BaselineName, type DatasetItem, type EmbeddingMatrix } from '@cuts/core';
import type { CommandContext } from './context.js';
import { exists, RunDir } from './run-dir.js';
import { writeRunConfig } from './run-config.js';
import { RunStateStore } from './run-state.js';
import { runBaselinesStage } from './stages/baselines.js';
import { runClusterStage } from './stages/cluster.js';
import { loadRunData, writeViewerInputs } from './stages/data.js';
import { runEmbedStage } from './stages/embed.js';
import { evaluateRun, type EvaluateStageResult } from './stages/evaluate.js';
import { runTrainStage } from './stages/train.js';

export interface RunOptions {
  readonly data?: string;
  readonly out: string;
  readonly resume: boolean;
  readonly force: boolean;
  readonly baselines: readonly BaselineName[];
  readonly keepEmbeddings: boolean;
  readonly demoCount?: number;
  /** Clustering methods (default all). */
  readonly methods?: readonly ClusterMethod[];
  /** `segment`: a trained run whose model is applied (no training). */
  readonly model?: string;
}

export interface RunOutcome {
  readonly runDir: string;
  readonly evaluation?: EvaluateStageResult;
}

/** Refuses to overwrite an earlier run unless resuming or forced. */
export async function openRunDir(out: string, resume: boolean, force: boolean): Promise<{ runDir: RunDir; state: RunStateStore }> {
  const runDir = new RunDir(path.resolve(out));
  if (!resume && !force && (await exists(runDir.configFile))) {
    throw new CutsInputError('already holds a run; pass --resume to continue it or --force to start over', runDir.root);
  }
  if (resume && !(await exists(runDir.configFile))) {
    throw new CutsInputError('nothing to resume (no config.json)', runDir.root);
  }
  await runDir.ensure();
  const state = new RunStateStore(runDir.stateFile);
  await state.load(resume);
  return { runDir, state };
}

/** `cuts run` (train from scratch) and `cuts segment` (apply options.model). */
export async function runPipeline(ctx: CommandContext, options: RunOptions): Promise<RunOutcome> {
  const { config, reporter, signal } = ctx;
  const { runDir, state } = await openRunDir(options.out, options.resume, options.force);
  const backend = await selectBackend(config.backend, reporter);
  const data = await loadRunData(runDir, config, reporter, { data: options.data, demoCount: options.demoCount });
  await writeRunConfig(runDir, { config, seed: config.seed, backend: backend.name, data: { dir: data.dataDir, demo: data.isDemo } });
  await writeViewerInputs(runDir, data.items);

  let model: CutsModel | undefined;
  try {
    if (options.model) {
      model = await loadCutsModel(new RunDir(path.resolve(options.model)).modelDir);
    } else {
      model = await runTrainStage(runDir, state, data.items, config, reporter, { resume: options.resume, signal });
    }
    if (!state.isFinished('cluster')) {
      const embeddings = await embedAll(ctx, runDir, state, model, data.items, options.keepEmbeddings);
      disposeModel(model);
      model = undefined;
      await runClusterStage(runDir, state, data.items, config, reporter, {
        signal,
        embeddings: async (id) => embeddings.get(id)!,
        methods: options.methods,
      });
    }
  } finally {
    if (model) disposeModel(model);
  }
  if (options.baselines.length > 0 && !state.isFinished('baselines')) {
    const start = performance.now();
    await runBaselinesStage(runDir, data.items, options.baselines, config, reporter, signal);
    await state.finish('baselines', (performance.now() - start) / 1000);
  }
  const evaluation = await evaluateRun(runDir, state, data.items, config, reporter, data.isDemo ? 'demo' : data.dataDir, backend.name);
  return { runDir: runDir.root, evaluation };
}

async function embedAll(
  ctx: CommandContext,
  runDir: RunDir,
  state: RunStateStore,
  model: CutsModel,
  items: readonly DatasetItem[],
  keep: boolean,
): Promise<Map<string, EmbeddingMatrix>> {
  const todo = items.filter((it) => !state.isDone('cluster', it.id));
  const start = performance.now();
  const embeddings = await runEmbedStage(runDir, model, todo, ctx.reporter, { keep, signal: ctx.signal, workers: ctx.config.train.workers });
  await state.finish('embed', (performance.now() - start) / 1000);
  return embeddings;
}
