/**
 * Single-stage commands. Each reads the previous stage's outputs from a run
 * folder, so one stage can be re-run or swapped without the others.
 */
import path from 'node:path';
import type { Command } from 'commander';
import { buildFeatures } from '@cuts/cluster';
import { disposeModel, loadCutsModel, selectBackend } from '@cuts/train';
import { createContext, type CommonOptions } from '../context.js';
import { addCommonOptions, parseMethods } from '../options.js';
import { printResult } from '../output.js';
import { RUN_DIRS } from '@cuts/run-folder';
import { openRunDir } from '../pipeline.js';
import { RunDir } from '../run-dir.js';
import { readRunConfig, readRunConfigIfAny, writeRunConfig } from '../run-config.js';
import { nonEmptyPath } from '../run-folder.js';
import { acquireRunLock } from '../run-lock.js';
import { assertResumable } from '../resume-check.js';
import { RunStateStore, type StageName } from '../run-state.js';
import { runClusterStage } from '../stages/cluster.js';
import { loadRunData, writeViewerInputs } from '../stages/data.js';
import { readEmbedding, runEmbedStage } from '../stages/embed.js';
import { evaluateRun } from '../stages/evaluate.js';
import { writeNativeInputs } from '../stages/native-inputs.js';
import { writeNativeLabels } from '../stages/native-labels.js';
import { runTrainStage } from '../stages/train.js';

interface StageFlags extends CommonOptions {
  methods?: string;
  run?: string;
  data?: string;
  out?: string;
  resume?: boolean;
  force?: boolean;
}

/** Opens an existing run for one stage, forgetting that stage (it is redone). */
async function openStage(flags: StageFlags, stage: StageName) {
  const runDir = new RunDir(path.resolve(nonEmptyPath(flags.run, '--run')!));
  const saved = await readRunConfig(runDir);
  await acquireRunLock(runDir.root, false);
  const ctx = await createContext(flags, saved.config);
  const state = new RunStateStore(runDir.stateFile);
  await state.load(true);
  await state.reset([stage]);
  const data = await loadRunData(runDir, ctx.config, ctx.reporter, { data: saved.data.dir });
  return { runDir, saved, ctx, state, data };
}

async function trainAction(flags: StageFlags): Promise<void> {
  nonEmptyPath(flags.data, '--data');
  const out = nonEmptyPath(flags.out, '--out')!;
  const saved = flags.resume ? await readRunConfigIfAny(new RunDir(path.resolve(out))) : undefined;
  const ctx = await createContext(flags, saved?.config ?? {});
  if (saved) assertResumable(saved, ctx.config, flags.data, new RunDir(path.resolve(out)).configFile);
  if (saved && flags.data === undefined && !saved.data.demo) flags.data = saved.data.dir;
  const { runDir, state } = await openRunDir(out, flags.resume === true, flags.force === true, { data: flags.data });
  const backend = await selectBackend(ctx.config.backend, ctx.reporter);
  const data = await loadRunData(runDir, ctx.config, ctx.reporter, { data: flags.data });
  await writeRunConfig(runDir, {
    config: ctx.config,
    seed: ctx.config.seed,
    backend: backend.name,
    data: { dir: data.dataDir, demo: data.isDemo },
  });
  await writeViewerInputs(runDir, data.items);
  await writeNativeInputs(runDir, data.items, ctx.reporter);
  disposeModel(
    await runTrainStage(runDir, state, data.items, ctx.config, ctx.reporter, {
      resume: flags.resume === true,
      signal: ctx.signal,
    }),
  );
  printResult(ctx, { run: runDir.root, model: runDir.modelDir });
}

async function embedAction(flags: StageFlags): Promise<void> {
  const { runDir, ctx, state, data } = await openStage(flags, 'embed');
  const model = await loadCutsModel(runDir.modelDir);
  try {
    const start = performance.now();
    await runEmbedStage(runDir, model, data.items, ctx.reporter, {
      keep: true,
      signal: ctx.signal,
      workers: ctx.config.train.workers,
    });
    await state.finish('embed', (performance.now() - start) / 1000);
  } finally {
    disposeModel(model);
  }
  printResult(ctx, { run: runDir.root, embeddings: runDir.embeddingsDir });
}

async function clusterAction(flags: StageFlags): Promise<void> {
  const { runDir, ctx, state, data } = await openStage(flags, 'cluster');
  const { features, pixelWeight } = ctx.config.cluster;
  const byId = new Map(data.items.map((it) => [it.id, it]));
  await runClusterStage(runDir, state, data.items, ctx.config, ctx.reporter, {
    signal: ctx.signal,
    embeddings: async (id) => {
      const embedding = features === 'pixels' ? undefined : await readEmbedding(runDir, id);
      return buildFeatures(features, { image: byId.get(id)!.image, embedding }, pixelWeight);
    },
    methods: parseMethods(flags.methods),
  });
  await writeNativeLabels(runDir, data.items, ctx.reporter);
  printResult(ctx, { run: runDir.root, labels: runDir.at(RUN_DIRS.labels) });
}

async function evaluateAction(flags: StageFlags): Promise<void> {
  const { runDir, saved, ctx, state, data } = await openStage(flags, 'evaluate');
  const result = await evaluateRun(
    runDir,
    state,
    data.items,
    ctx.config,
    ctx.reporter,
    data.isDemo ? 'demo' : data.dataDir,
    saved.backend,
    ctx.signal,
  );
  printResult(ctx, { run: runDir.root, metrics: runDir.metricsCsv }, result?.summary);
}

const runOption = ['-r, --run <run-dir>', 'the run folder to work on'] as const;

export function registerStages(program: Command): void {
  addCommonOptions(
    program
      .command('train')
      .description('train the CUTS encoder only (writes <run-dir>/model/)')
      .option('-d, --data <dir>', 'image folder (default: the synthetic demo set)')
      .requiredOption('-o, --out <run-dir>', 'run folder')
      .option('--epochs <n>', 'training epochs (default 200)')
      .option('--resume', 'continue from the last checkpoint')
      .option('--force', 'overwrite an existing run folder'),
  )
    .addHelpText('after', '\nExample:\n  $ cuts train --data ../shared/data/retina_ga --out runs/retina --epochs 50')
    .action(trainAction);
  addCommonOptions(
    program
      .command('embed')
      .description("embed every image with the run's trained model (writes embeddings/*.npy and recon/)")
      .requiredOption(...runOption),
  )
    .addHelpText('after', '\nExample:\n  $ cuts embed --run runs/retina')
    .action(embedAction);
  addCommonOptions(
    program
      .command('cluster')
      .description("cluster the run's embeddings (writes labels/ and labels_native/)")
      .requiredOption(...runOption)
      .option('--methods <list>', 'comma list of kmeans,spectral_kmeans,diffusion (default all)'),
  )
    .addHelpText('after', '\nExample:\n  $ cuts cluster --run runs/retina')
    .action(clusterAction);
  addCommonOptions(
    program
      .command('evaluate')
      .description("score the run's label maps against the masks (metrics.csv, summary.json, report.md)")
      .requiredOption(...runOption),
  )
    .addHelpText('after', '\nExample:\n  $ cuts evaluate --run runs/retina')
    .action(evaluateAction);
}
