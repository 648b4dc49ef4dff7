/**
 * `config.json`: the resolved config (schema: `@cuts/core`'s `cutsConfigSchema`), the seed,
 * the tensor backend, where the data came from and the versions that wrote the run.
 */
import { CutsInputError, parseConfig, type CutsConfig } from '@cuts/core/browser';
import { RUN_FILES } from './paths.js';

/** The parsed `config.json` of a run: resolved config, seed, backend, data folder, package versions. */
export interface RunConfigFile {
  readonly config: CutsConfig;
  readonly seed: number;
  readonly backend: string;
  readonly data: { readonly dir: string; readonly demo: boolean };
  /** Program → version, e.g. `{ "cuts-ts": "0.1.0", "node": "v22.…", "tfjs-core": "4.22.0" }`. */
  readonly versions: Readonly<Record<string, string>>;
  /** ISO 8601 time the file was written. */
  readonly createdAt: string;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** What is wrong with a parsed config.json's shape (apart from the config itself), or undefined when it is sound. */
export function runConfigProblem(file: unknown): string | undefined {
  if (!isObject(file)) return 'the top level is not an object';
  if (!isObject(file.config)) return '"config" is not an object';
  if (typeof file.seed !== 'number' || !Number.isInteger(file.seed)) return '"seed" is not an integer';
  if (typeof file.backend !== 'string') return '"backend" is not a string';
  const d = file.data;
  if (!isObject(d) || typeof d.dir !== 'string' || typeof d.demo !== 'boolean')
    return '"data" needs "dir" (string) and "demo" (boolean)';
  if (!isObject(file.versions) || !Object.values(file.versions).every((v) => typeof v === 'string'))
    return '"versions" must map names to version strings';
  if (typeof file.createdAt !== 'string' || Number.isNaN(Date.parse(file.createdAt)))
    return '"createdAt" is not an ISO date';
  return undefined;
}

/**
 * Validates a parsed config.json: its shape, then the config with `@cuts/core`'s schema.
 * Throws CutsInputError naming `source` (`hint` is appended to a shape problem).
 */
export function parseRunConfigFile(json: unknown, source: string = RUN_FILES.config, hint?: string): RunConfigFile {
  const problem = runConfigProblem(json);
  if (problem) throw new CutsInputError(`not a valid run config (${problem})${hint ? `; ${hint}` : ''}`, source);
  const file = json as unknown as RunConfigFile;
  return { ...file, config: parseConfig(file.config, source) };
}

/** The JSON text of a config.json (validated first, so a writer cannot produce a file readers refuse). */
export function formatRunConfigFile(value: RunConfigFile, source: string = RUN_FILES.config): string {
  parseRunConfigFile(value, source);
  return `${JSON.stringify(value, null, 2)}\n`;
}
