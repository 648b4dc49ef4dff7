/**
 * `<run-dir>/config.json`: the resolved config, seed, backend, data location
 * and versions. Stage commands (`cuts embed`, `cuts cluster`…) read it back.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CutsInputError, mergeConfigInput, parseConfig, type CutsConfig } from '@cuts/core';
import { tf } from '@cuts/train';
import { exists, readJson, writeJsonAtomic, type RunDir } from './run-dir.js';

export interface RunConfigFile {
  readonly config: CutsConfig;
  readonly seed: number;
  readonly backend: string;
  readonly data: { readonly dir: string; readonly demo: boolean };
  readonly versions: Readonly<Record<string, string>>;
  readonly createdAt: string;
}

function cliVersion(): string {
  const pkg = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'package.json');
  return (JSON.parse(readFileSync(pkg, 'utf8')) as { version: string }).version;
}

export function versions(): Record<string, string> {
  return { 'cuts-ts': cliVersion(), node: process.version, 'tfjs-core': tf.version_core };
}

export async function writeRunConfig(runDir: RunDir, value: Omit<RunConfigFile, 'versions' | 'createdAt'>): Promise<void> {
  await writeJsonAtomic(runDir.configFile, { ...value, versions: versions(), createdAt: new Date().toISOString() });
}

export async function readRunConfig(runDir: RunDir): Promise<RunConfigFile> {
  if (!(await exists(runDir.configFile))) {
    throw new CutsInputError('not a cuts run folder (no config.json); create one with `cuts run` or `cuts train`', runDir.root);
  }
  const file = await readJson<RunConfigFile>(runDir.configFile, 'run config');
  const problem = runConfigProblem(file);
  if (problem) throw new CutsInputError(`not a valid run config (${problem}); start the run again with --force`, runDir.configFile);
  return { ...file, config: parseConfig(file.config, runDir.configFile) };
}

/** What is wrong with a parsed config.json's shape, or undefined when it is sound. */
function runConfigProblem(file: unknown): string | undefined {
  if (typeof file !== 'object' || file === null || Array.isArray(file)) return 'the top level is not an object';
  const f = file as Record<string, unknown>;
  if (typeof f.config !== 'object' || f.config === null || Array.isArray(f.config)) return '"config" is not an object';
  if (typeof f.seed !== 'number' || !Number.isInteger(f.seed)) return '"seed" is not an integer';
  if (typeof f.backend !== 'string') return '"backend" is not a string';
  const d = f.data as Record<string, unknown> | undefined;
  if (typeof d !== 'object' || d === null || typeof d.dir !== 'string' || typeof d.demo !== 'boolean') return '"data" needs "dir" (string) and "demo" (boolean)';
  return undefined;
}

/** The saved config of a run folder, or undefined when it holds none (yet). */
export async function readRunConfigIfAny(runDir: RunDir): Promise<RunConfigFile | undefined> {
  return (await exists(runDir.configFile)) ? readRunConfig(runDir) : undefined;
}

/** The run's config with a user file/flags laid on top (the run's values are the base). */
export function overlayConfig(base: CutsConfig, overrides: unknown): CutsConfig {
  return parseConfig(mergeConfigInput(base, overrides), 'command-line flags');
}
