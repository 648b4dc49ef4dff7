/**
 * `<run-dir>/config.json`: the resolved config, seed, backend, data location
 * and versions. Stage commands (`cuts embed`, `cuts cluster`…) read it back.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CutsInputError, mergeConfigInput, parseConfig, tf, type CutsConfig } from '@cuts/core';
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
  return { ...file, config: parseConfig(file.config, runDir.configFile) };
}

/** The run's config with a user file/flags laid on top (the run's values are the base). */
export function overlayConfig(base: CutsConfig, overrides: unknown): CutsConfig {
  return parseConfig(mergeConfigInput(base, overrides), 'command-line flags');
}
