/**
 * The stage sequence behind `cuts run`, `cuts segment` and the single-stage
 * commands. No algorithm lives here: each step calls a stage package.
 */
import path from 'node:path';
import { buildFeatures, type ClusterMethod } from '@cuts/cluster';
import { disposeModel, loadCutsModel, type CutsModel, selectBackend } from '@cuts/train';
import { CutsInputError, type BaselineName, type DatasetItem } from '@cuts/core';
import type { CommandContext } from './context.js';
import { runPaths } from '@cuts/run-folder';
import { readJson, RunDir } from './run-dir.js';
import { writeRunConfig } from './run-config.js';
import { openRunFolder } from './run-folder.js';
import { RunStateStore } from './run-state.js';
import { runBaselinesStage } from './stages/baselines.js';
import { runClusterStage } from './stages/cluster.js';
import { baselinesToRun, runPixelControl, wantsControls } from './stages/controls.js';
import { loadRunData, writeViewerInputs } from './stages/data.js';
import { startEmbedPool, streamingEmbedder } from './stages/embed-stream.js';
import { evaluateRun, type EvaluateStageResult } from './stages/evaluate.js';
import { writeNativeInputs } from './stages/native-inputs.js';
import { writeNativeLabels } from './stages/native-labels.js';
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

/**
 * Opens the run folder for writing (run-folder.ts: lock, --out vs --data,
 * --force clean-up); refuses to overwrite an earlier run unless resuming or forced.
 */
export async function openRunDir(
  out: string,
  resume: boolean,
  force: boolean,
  options: { data?: string; resumable?: boolean } = {},
): Promise<{ runDir: RunDir; state: RunStateStore }> {
  const runDir = new RunDir(path.resolve(out));
  await openRunFolder(runDir.root, { resume, force, data: options.data, resumable: options.resumable });
  const state = new RunStateStore(runDir.stateFile);
  await state.load(resume);
  return { runDir, state };
}

/** `cuts run` (train from scratch) and `cuts segment` (apply options.model). */
export async function runPipeline(ctx: CommandContext, options: RunOptions): Promise<RunOutcome> {
  const { config, reporter, signal } = ctx;
  const { runDir, state } = await openRunDir(options.out, options.resume, options.force, {
    data: options.data,
    resumable: !options.model,
  });
  const backend = await selectBackend(config.backend, reporter);
  const data = await loadRunData(runDir, config, reporter, { data: options.data, demoCount: options.demoCount });
  // segment: check the model fits the images before anything is written.
  if (options.model) await assertModelFits(path.resolve(options.model), data.items);
  await writeRunConfig(runDir, {
    config,
    seed: config.seed,
    backend: backend.name,
    data: { dir: data.dataDir, demo: data.isDemo },
  });
  await writeViewerInputs(runDir, data.items);
  await writeNativeInputs(runDir, data.items, reporter);

  const { features, pixelWeight } = config.cluster;
  const byId = new Map(data.items.map((it) => [it.id, it]));
  let model: CutsModel | undefined;
  try {
    // raw pixels as features: nothing to learn
    if (features !== 'pixels') {
      if (options.model) {
        model = await loadCutsModel(new RunDir(path.resolve(options.model)).modelDir);
      } else {
        model = await runTrainStage(runDir, state, data.items, config, reporter, { resume: options.resume, signal });
      }
    }
    if (!state.isFinished('cluster')) {
      // Embeddings stream into clustering one chunk at a time (bounded memory); raw pixels need none.
      const total = data.items.filter((it) => !state.isDone('cluster', it.id)).length;
      const pool = model ? await startEmbedPool(model, config.train.workers, total) : undefined;
      try {
        const embedder = model
          ? streamingEmbedder(runDir, model, data.items, reporter, {
              keep: options.keepEmbeddings,
              signal,
              total,
              pool,
            })
          : undefined;
        await runClusterStage(runDir, state, data.items, config, reporter, {
          signal,
          embeddings: async (id) =>
            buildFeatures(
              features,
              { image: byId.get(id)!.image, embedding: embedder ? await embedder.get(id) : undefined },
              pixelWeight,
            ),
          methods: options.methods,
        });
        if (embedder) {
          reporter.end('embed');
          await state.finish('embed', embedder.seconds());
        }
      } finally {
        await pool?.close();
      }
    }
  } finally {
    if (model) disposeModel(model);
  }
  const controls = wantsControls(config, data.items);
  if (controls)
    await runPixelControl(runDir, state, data.items, config, reporter, { signal, methods: options.methods });
  const baselines = baselinesToRun(options.baselines, controls);
  if (baselines.length > 0 && !state.isFinished('baselines')) {
    const start = performance.now();
    await runBaselinesStage(runDir, data.items, baselines, config, reporter, signal);
    await state.finish('baselines', (performance.now() - start) / 1000);
  }
  await writeNativeLabels(runDir, data.items, reporter);
  const evaluation = await evaluateRun(
    runDir,
    state,
    data.items,
    config,
    reporter,
    data.isDemo ? 'demo' : data.dataDir,
    backend.name,
    signal,
  );
  return { runDir: runDir.root, evaluation };
}

/** segment: the trained model's input channels must match the images (checked before anything is written). */
async function assertModelFits(modelRun: string, items: readonly DatasetItem[]): Promise<void> {
  const jsonFile = path.join(new RunDir(modelRun).at(runPaths.checkpoint('best')), 'model.json');
  const json = await readJson<{ inChannels?: unknown }>(jsonFile, 'model checkpoint');
  const channels = items[0]?.image.channels;
  if (typeof json.inChannels === 'number' && channels !== undefined && json.inChannels !== channels) {
    throw new CutsInputError(
      `the model was trained on ${json.inChannels}-channel images but ${items[0].imagePath} has ${channels}; segment images like the ones it was trained on`,
      jsonFile,
    );
  }
}
