/** `cuts run` and `cuts segment`. */
import path from 'node:path';
import type { Command } from 'commander';
import { CutsInputError } from '@cuts/core';
import { RunDir } from '../run-dir.js';
import { readRunConfig } from '../run-config.js';
import { createContext, parseIntegerFlag, type CommonOptions } from '../context.js';
import { addCommonOptions, parseBaselines, parseMethods } from '../options.js';
import { printResult } from '../output.js';
import { runPipeline } from '../pipeline.js';
import { addQueueOptions, queueSegmentAction, wantsQueue } from '../queue/segment-command.js';

interface RunFlags extends CommonOptions {
  data?: string;
  out?: string;
  resume?: boolean;
  force?: boolean;
  baselines?: string | boolean;
  keepEmbeddings?: boolean;
  demoCount?: string;
  model?: string;
  methods?: string;
  queue?: string;
  status?: boolean;
  wait?: boolean;
}

async function action(flags: RunFlags, segment: boolean): Promise<void> {
  if (segment && wantsQueue(flags)) return queueSegmentAction(flags);
  if (segment && !flags.model) throw new CutsInputError('required option not given', '--model');
  if (segment && !flags.data) throw new CutsInputError('required option not given', '--data');
  // segment: the trained run's settings are the base under the user's file and flags.
  const base = segment && flags.model ? (await readRunConfig(new RunDir(path.resolve(flags.model)))).config : {};
  const ctx = await createContext(flags, base);
  const out = flags.out ?? (flags.data ? `runs/${flags.data.replace(/\/+$/, '').split('/').pop()}` : 'runs/demo');
  const outcome = await runPipeline(ctx, {
    data: flags.data,
    out,
    resume: flags.resume === true,
    force: flags.force === true,
    baselines: parseBaselines(flags.baselines),
    keepEmbeddings: flags.keepEmbeddings === true,
    demoCount: parseIntegerFlag(flags.demoCount, '--demo-count', 1),
    model: segment ? flags.model : undefined,
    methods: parseMethods(flags.methods),
  });
  printResult(ctx, { run: outcome.runDir }, outcome.evaluation?.summary);
}

export function registerRun(program: Command): void {
  addCommonOptions(
    program
      .command('run')
      .description('train CUTS on a folder of images (no labels used), embed, cluster, evaluate when masks exist, report')
      .option('-d, --data <dir>', 'image folder (images/ + optional masks/, or X.nii.gz + X_seg.nii.gz); default: the synthetic demo set')
      .option('-o, --out <run-dir>', 'run folder to write (default runs/<data folder name> or runs/demo)')
      .option('--epochs <n>', 'training epochs (default 200)')
      .option('--baselines [list]', 'also run classical baselines: all, or a comma list of otsu,kmeans_pixels,slic,felzenszwalb,random')
      .option('--resume', 'continue an interrupted run from its last checkpoint and finished stages')
      .option('--force', 'overwrite an existing run folder')
      .option('--keep-embeddings', 'also write embeddings/<image>.npy (float32 [pixels, 128])')
      .option('--methods <list>', 'clustering methods, comma list of kmeans,spectral_kmeans,diffusion (default all)')
      .option('--demo-count <n>', 'images in the demo set when --data is not given (default 12)'),
  )
    .addHelpText(
      'after',
      `
Examples:
  $ cuts run --out runs/demo                                  # synthetic demo set
  $ cuts run --data ../shared/data/retina_ga --out runs/retina --seed 2
  $ cuts run --data scans/ --out runs/scans --epochs 50 --baselines otsu,slic
  $ cuts run --out runs/demo --resume                         # after Ctrl-C or a crash`,
    )
    .action((flags: RunFlags) => action(flags, false));

  addQueueOptions(addCommonOptions(
    program
      .command('segment')
      .description('apply a trained model to new images (embed, cluster, evaluate when masks exist) without retraining')
      .option('-m, --model <run-dir>', 'a run folder holding a trained model/ (required)')
      .option('-d, --data <dir>', 'image folder (required)')
      .requiredOption('-o, --out <dir>', 'output run folder')
      .option('--baselines [list]', 'also run classical baselines')
      .option('--force', 'overwrite an existing output folder')
      .option('--keep-embeddings', 'also write embeddings/<image>.npy')
      .option('--methods <list>', 'clustering methods (default all)'),
  ))
    .addHelpText('after', `
Examples:
  $ cuts segment --model runs/retina --data new-scans/ --out runs/new-scans
  $ cuts segment --model runs/retina --data new-scans/ --out runs/new-scans --queue redis://10.0.0.5:6379
  $ cuts segment --out runs/new-scans --queue redis://10.0.0.5:6379 --status`)
    .action((flags: RunFlags) => action(flags, true));
}
