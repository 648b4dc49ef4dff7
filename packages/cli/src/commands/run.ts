/** `cuts run` and `cuts segment`. */
import path from 'node:path';
import type { Command } from 'commander';
import { CutsInputError } from '@cuts/core';
import { RunDir } from '../run-dir.js';
import { readRunConfig, readRunConfigIfAny } from '../run-config.js';
import { nonEmptyPath } from '../run-folder.js';
import { assertResumable } from '../resume-check.js';
import { createContext, parseIntegerFlag, type CommonOptions } from '../context.js';
import { addCommonOptions, addFeatureOptions, parseBaselines, parseMethods } from '../options.js';
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
  nonEmptyPath(flags.data, '--data');
  nonEmptyPath(flags.model, '--model');
  const out =
    nonEmptyPath(flags.out, '--out') ??
    (flags.data ? `runs/${flags.data.replace(/\/+$/, '').split('/').pop()}` : 'runs/demo');
  // segment: the trained run's settings are the base under the user's file and flags;
  // --resume: the run's own settings, which the flags may not change (resume-check.ts).
  const saved = flags.resume ? await readRunConfigIfAny(new RunDir(path.resolve(out))) : undefined;
  const base = saved
    ? saved.config
    : segment && flags.model
      ? (await readRunConfig(new RunDir(path.resolve(flags.model)))).config
      : {};
  const ctx = await createContext(flags, base);
  if (saved) assertResumable(saved, ctx.config, flags.data, new RunDir(path.resolve(out)).configFile);
  const outcome = await runPipeline(ctx, {
    data: flags.data ?? (saved && !saved.data.demo ? saved.data.dir : undefined),
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
    addFeatureOptions(
      program
        .command('run')
        .description(
          'train CUTS on a folder of images (no labels used), embed, cluster, evaluate when masks exist, report',
        )
        .option(
          '-d, --data <dir>',
          'image folder (images/ + optional masks/, or X.nii.gz + X_seg.nii.gz); default: the synthetic demo set',
        )
        .option('-o, --out <run-dir>', 'run folder to write (default runs/<data folder name> or runs/demo)')
        .option('--epochs <n>', 'training epochs (default 200)')
        .option(
          '--baselines [list]',
          'also run classical baselines: all, or a comma list of otsu,kmeans_pixels,slic,felzenszwalb,random',
        )
        .option('--resume', 'continue an interrupted run from its last checkpoint and finished stages')
        .option('--force', 'overwrite an existing run folder')
        .option('--keep-embeddings', 'also write embeddings/<image>.npy (float32 [pixels, 128])')
        .option('--methods <list>', 'clustering methods, comma list of kmeans,spectral_kmeans,diffusion (default all)')
        .option('--demo-count <n>', 'images in the demo set when --data is not given (default 12)')
        .option(
          '--slice-axis <axis>',
          '3D volumes (NIfTI, DICOM series) are split into 2D slices along axial|coronal|sagittal (default axial, worked out from the affine)',
        )
        .option('--volume-index <n>', 'which volume of a 4D NIfTI to read (required for 4D input)'),
    ),
  )
    .addHelpText(
      'after',
      `
Examples:
  $ cuts run --out runs/demo                                  # synthetic demo set
  $ cuts run --data ../shared/data/retina_ga --out runs/retina --seed 2
  $ cuts run --data scans/ --out runs/scans --epochs 50 --baselines otsu,slic
  $ cuts run --data scans/ --out runs/pixels --features pixels   # the raw-pixel control alone
  $ cuts run --out runs/demo --resume                         # after Ctrl-C or a crash
  $ cuts run --data ../shared/data/lgg_volumes --out runs/vol --slice-axis axial   # 3D NIfTI volumes
  $ cuts run --data scans/dicom --out runs/dicom              # DICOM series (one per sub-folder) → NIfTI + DICOM SEG`,
    )
    .action((flags: RunFlags) => action(flags, false));

  addQueueOptions(
    addCommonOptions(
      addFeatureOptions(
        program
          .command('segment')
          .description(
            'apply a trained model to new images (embed, cluster, evaluate when masks exist) without retraining',
          )
          .option('-m, --model <run-dir>', 'a run folder holding a trained model/ (required)')
          .option('-d, --data <dir>', 'image folder (required)')
          .requiredOption('-o, --out <dir>', 'output run folder')
          .option('--baselines [list]', 'also run classical baselines')
          .option('--force', 'overwrite an existing output folder')
          .option('--keep-embeddings', 'also write embeddings/<image>.npy')
          .option('--methods <list>', 'clustering methods (default all)')
          .option('--slice-axis <axis>', 'slice axis for 3D volumes: axial|coronal|sagittal (default axial)')
          .option('--volume-index <n>', 'which volume of a 4D NIfTI to read'),
      ),
    ),
  )
    .addHelpText(
      'after',
      `
Examples:
  $ cuts segment --model runs/retina --data new-scans/ --out runs/new-scans
  $ cuts segment --model runs/retina --data new-scans/ --out runs/new-scans --queue redis://10.0.0.5:6379
  $ cuts segment --out runs/new-scans --queue redis://10.0.0.5:6379 --status`,
    )
    .action((flags: RunFlags) => action(flags, true));
}
