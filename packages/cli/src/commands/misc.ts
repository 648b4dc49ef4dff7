/** `cuts baseline`, `cuts demo` and `cuts view`. */
import path from 'node:path';
import type { Command } from 'commander';
import { writeDemoDataset } from '@cuts/data';
import { startViewerServer } from '@cuts/viewer';
import { CutsInputError } from '@cuts/core';
import { createContext, parseIntegerFlag, type CommonOptions } from '../context.js';
import { addCommonOptions, parseBaselines } from '../options.js';
import { printResult } from '../output.js';
import { openRunDir } from '../pipeline.js';
import { nonEmptyPath } from '../run-folder.js';
import { writeRunConfig } from '../run-config.js';
import { runBaselinesStage } from '../stages/baselines.js';
import { DEMO_SEED, loadRunData, writeViewerInputs } from '../stages/data.js';
import { evaluateRun } from '../stages/evaluate.js';

interface BaselineFlags extends CommonOptions {
  method: string;
  data?: string;
  out: string;
  force?: boolean;
}

async function baselineAction(flags: BaselineFlags): Promise<void> {
  const methods = parseBaselines(flags.method);
  if (methods.length === 0) throw new CutsInputError('name at least one method', '--method');
  nonEmptyPath(flags.data, '--data');
  const ctx = await createContext(flags);
  const { runDir, state } = await openRunDir(nonEmptyPath(flags.out, '--out')!, false, flags.force === true, {
    data: flags.data,
    resumable: false,
  });
  const data = await loadRunData(runDir, ctx.config, ctx.reporter, { data: flags.data });
  await writeRunConfig(runDir, {
    config: ctx.config,
    seed: ctx.config.seed,
    backend: 'none',
    data: { dir: data.dataDir, demo: data.isDemo },
  });
  await writeViewerInputs(runDir, data.items);
  await runBaselinesStage(runDir, data.items, methods, ctx.config, ctx.reporter, ctx.signal);
  const result = await evaluateRun(
    runDir,
    state,
    data.items,
    ctx.config,
    ctx.reporter,
    data.isDemo ? 'demo' : data.dataDir,
    'none',
    ctx.signal,
  );
  printResult(ctx, { run: runDir.root }, result?.summary);
}

async function demoAction(flags: CommonOptions & { out: string; count?: string }): Promise<void> {
  nonEmptyPath(flags.out, '--out');
  const ctx = await createContext(flags);
  const count = parseIntegerFlag(flags.count, '--count', 1) ?? 12;
  const seed = parseIntegerFlag(flags.seed, '--seed') ?? DEMO_SEED;
  const out = path.resolve(flags.out);
  const written = await writeDemoDataset(out, { count, seed, size: ctx.config.data.imageSize });
  printResult(ctx, { dataset: out, images: written.images.length });
}

async function viewAction(runDir: string, flags: { port?: string; host?: string }): Promise<void> {
  const port = parseIntegerFlag(flags.port, '--port', 0, 65535);
  if (flags.host !== undefined && flags.host.trim() === '') throw new CutsInputError('must not be empty', '--host');
  const root = path.resolve(nonEmptyPath(runDir, 'run folder')!);
  const server = await startViewerServer({ runDir: root, port, host: flags.host }).catch(
    (err: NodeJS.ErrnoException) => {
      if (err.code === 'EADDRINUSE')
        throw new CutsInputError(
          `port ${port} is already in use (choose another, or leave --port out for a free one)`,
          '--port',
          { cause: err },
        );
      if (err.code === 'EADDRNOTAVAIL' || err.code === 'ENOTFOUND')
        throw new CutsInputError(`cannot listen on "${flags.host}" (${err.code})`, '--host', { cause: err });
      if (err.code === 'EACCES')
        throw new CutsInputError(
          `not allowed to listen on port ${port} (EACCES; ports below 1024 need privileges)`,
          '--port',
          { cause: err },
        );
      throw err;
    },
  );
  if (server.warning) process.stderr.write(`${server.warning}\n`);
  process.stdout.write(`cuts viewer: ${server.url}  (Ctrl-C to stop)\n`);
  await new Promise<void>((resolve) => {
    const stop = () => void server.close().then(resolve);
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

export function registerMisc(program: Command): void {
  addCommonOptions(
    program
      .command('baseline')
      .description('segment with a classical baseline and score it like CUTS (label maps, metrics.csv, summary.json)')
      .requiredOption('-m, --method <list>', 'otsu, kmeans_pixels, slic, felzenszwalb, random, a comma list, or all')
      .option('-d, --data <dir>', 'image folder (default: the synthetic demo set)')
      .requiredOption('-o, --out <dir>', 'output folder')
      .option('--force', 'overwrite an existing output folder'),
  )
    .addHelpText(
      'after',
      '\nExample:\n  $ cuts baseline --method slic,felzenszwalb --data ../shared/data/retina_ga --out runs/baselines',
    )
    .action(baselineAction);
  addCommonOptions(
    program
      .command('demo')
      .description('write the synthetic demo dataset (fundus-like images with exact lesion masks)')
      .requiredOption('-o, --out <dir>', 'output folder')
      .option('--count <n>', 'number of images (default 12)'),
  )
    .addHelpText('after', '\nExample:\n  $ cuts demo --out data/demo --count 20')
    .action(demoAction);
  program
    .command('view')
    .description('open a run in the web viewer (serves 127.0.0.1 by default)')
    .argument('<run-dir>', 'a run folder written by cuts run')
    .option('-p, --port <n>', 'port (default: a free one)')
    .option('--host <host>', 'address to bind (default 127.0.0.1)')
    .addHelpText('after', '\nExample:\n  $ cuts view runs/demo --port 8080')
    .action(viewAction);
}
