/** Options shared by several commands, and parsing of list-valued flags. */
import { type Command, Option } from 'commander';
import { clusterMethods, type ClusterMethod } from '@cuts/cluster';
import { baselineSchema, CutsInputError, type BaselineName } from '@cuts/core';

export function addCommonOptions(cmd: Command): Command {
  return cmd
    .option('-c, --config <file>', 'config file (JSON or YAML); flags override it')
    .option('--seed <n>', 'random seed (default 1)')
    .option(
      '--workers <n>',
      'threads for training and embedding (config train.workers; default 0 = one per core; results are the same for any value)',
    )
    .addOption(
      new Option('--backend <name>', 'tensor backend').choices(['auto', 'wasm', 'cpu', 'tensorflow', 'tensorflow-gpu']),
    )
    .option('-q, --quiet', 'print errors only')
    .option('--json', 'machine-readable output: JSON lines on stderr, the result as JSON on stdout')
    .option('-v, --verbose', 'print debug messages')
    .option('--max-pixels <n>', 'refuse images of more pixels than this, before decoding (default 50000000)');
}

/** `--features` and `--no-controls` (run, segment). */
export function addFeatureOptions(cmd: Command): Command {
  return cmd
    .addOption(
      new Option(
        '--features <mode>',
        'what the clustering runs on: the learned embedding, raw pixels (no training), or both',
      ).choices(['embedding', 'pixels', 'both']),
    )
    .option(
      '--no-controls',
      'skip the controls (raw-pixel clustering and classical baselines) scored beside the CUTS maps',
    );
}

export function parseBaselines(value: string | boolean | undefined): BaselineName[] {
  if (value === undefined || value === false) return [];
  if (value === true || value === 'all') return [...baselineSchema.options];
  return value.split(',').map((name) => {
    const parsed = baselineSchema.safeParse(name.trim());
    if (!parsed.success)
      throw new CutsInputError(
        `unknown baseline "${name}" (choose ${baselineSchema.options.join(', ')})`,
        '--baselines',
      );
    return parsed.data;
  });
}

export function parseMethods(value: string | undefined): ClusterMethod[] | undefined {
  if (value === undefined) return undefined;
  return value.split(',').map((name) => {
    const m = clusterMethods.find((c) => c === name.trim());
    if (!m)
      throw new CutsInputError(
        `unknown clustering method "${name}" (choose ${clusterMethods.join(', ')})`,
        '--methods',
      );
    return m;
  });
}
