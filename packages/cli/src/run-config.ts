/**
 * `<run-dir>/config.json`: the resolved config, seed, backend, data location
 * and versions (schema: `@cuts/run-folder`). Stage commands (`cuts embed`, `cuts cluster`…)
 * read it back, after checking the folder's format version (cuts-run.json).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CutsInputError, mergeConfigInput, parseConfig, type CutsConfig } from '@cuts/core';
import { formatRunConfigFile, parseRunConfigFile, runMarker, type RunConfigFile } from '@cuts/run-folder';
import { readRunMarker } from '@cuts/run-folder/node';
import { tf } from '@cuts/train';
import { exists, readJson, writeJsonAtomic, writeTextAtomic, type RunDir } from './run-dir.js';

export type { RunConfigFile };

function cliVersion(): string {
  const pkg = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'package.json');
  return (JSON.parse(readFileSync(pkg, 'utf8')) as { version: string }).version;
}

export function versions(): Record<string, string> {
  return { 'cuts-ts': cliVersion(), node: process.version, 'tfjs-core': tf.version_core };
}

/** Writes config.json and, beside it, cuts-run.json (the run-folder format version). */
export async function writeRunConfig(
  runDir: RunDir,
  value: Omit<RunConfigFile, 'versions' | 'createdAt'>,
): Promise<void> {
  await writeJsonAtomic(runDir.markerFile, runMarker(`@cuts/cli ${cliVersion()}`));
  const file: RunConfigFile = { ...value, versions: versions(), createdAt: new Date().toISOString() };
  await writeTextAtomic(runDir.configFile, formatRunConfigFile(file, runDir.configFile));
}

export async function readRunConfig(runDir: RunDir): Promise<RunConfigFile> {
  if (!(await exists(runDir.configFile))) {
    throw new CutsInputError(
      'not a cuts run folder (no config.json); create one with `cuts run` or `cuts train`',
      runDir.root,
    );
  }
  await readRunMarker(runDir.root); // a folder from a newer cuts-ts is refused before its files are read
  const file = await readJson<unknown>(runDir.configFile, 'run config');
  return parseRunConfigFile(file, runDir.configFile, 'start the run again with --force');
}

/** The saved config of a run folder, or undefined when it holds none (yet). */
export async function readRunConfigIfAny(runDir: RunDir): Promise<RunConfigFile | undefined> {
  return (await exists(runDir.configFile)) ? readRunConfig(runDir) : undefined;
}

/** The run's config with a user file/flags laid on top (the run's values are the base). */
export function overlayConfig(base: CutsConfig, overrides: unknown): CutsConfig {
  return parseConfig(mergeConfigInput(base, overrides), 'command-line flags');
}
