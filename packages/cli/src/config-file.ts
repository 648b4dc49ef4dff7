/**
 * Loads a user config file (JSON or YAML), applies CLI flag overrides on top
 * and validates the result with the core schema. Errors name the file and key.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { CutsInputError, mergeConfigInput, parseConfig, type CutsConfig } from '@cuts/core';

export async function readConfigFile(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new CutsInputError(
      `cannot read config file (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`,
      file,
    );
  }
  const ext = path.extname(file).toLowerCase();
  try {
    const value = ext === '.json' ? JSON.parse(text) : parseYaml(text);
    if (value !== null && value !== undefined && (typeof value !== 'object' || Array.isArray(value))) {
      throw new Error('top level must be a mapping of config sections');
    }
    return value ?? {};
  } catch (err) {
    throw new CutsInputError(
      `not valid ${ext === '.json' ? 'JSON' : 'YAML'}: ${(err as Error).message.split('\n')[0]}`,
      file,
    );
  }
}

/** Resolves the config: defaults ← base (e.g. a run's config) ← file ← flag overrides (later wins). */
export async function resolveConfig(
  file: string | undefined,
  overrides: unknown,
  base: unknown = {},
): Promise<CutsConfig> {
  const fromFile = file ? await readConfigFile(file) : {};
  return parseConfig(mergeConfigInput(mergeConfigInput(base, fromFile), overrides), file ?? 'command-line flags');
}
