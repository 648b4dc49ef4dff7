import { z } from 'zod';
import { CutsInputError } from '../errors.js';
import { clusterConfigSchema } from './cluster.js';
import { dataConfigSchema } from './data.js';
import { evalConfigSchema } from './eval.js';
import { modelConfigSchema } from './model.js';
import { augmentConfigSchema, samplerConfigSchema } from './sampler.js';
import { trainConfigSchema } from './train.js';

/** Tensor backends a user may ask for (`auto` tries them in order; see `selectBackend` in @cuts/train). */
export const backendNameSchema = z.enum(['auto', 'tensorflow-gpu', 'tensorflow', 'wasm', 'cpu']);
/** A tensor backend name. */
export type BackendName = z.infer<typeof backendNameSchema>;

/** The whole CUTS configuration; every field has the reference's default. */
export const cutsConfigSchema = z.strictObject({
  seed: z.int().min(0).default(1),
  backend: backendNameSchema.default('auto'),
  data: dataConfigSchema.prefault({}),
  model: modelConfigSchema.prefault({}),
  sampler: samplerConfigSchema.prefault({}),
  augment: augmentConfigSchema.prefault({}),
  train: trainConfigSchema.prefault({}),
  cluster: clusterConfigSchema.prefault({}),
  eval: evalConfigSchema.prefault({}),
});
/** A parsed, complete configuration (every default filled in). */
export type CutsConfig = z.infer<typeof cutsConfigSchema>;
/** What a user may write: every field optional, nested. */
export type CutsConfigInput = z.input<typeof cutsConfigSchema>;

/**
 * Validates a user config (already parsed from JSON/YAML) and fills defaults.
 * Throws a CutsInputError whose message names every bad key, e.g.
 * `train.lambda: Too big: expected number to be <=1`.
 */
export function parseConfig(input: unknown = {}, source = 'config'): CutsConfig {
  const result = cutsConfigSchema.safeParse(input ?? {});
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => {
    const key = issue.path.length > 0 ? issue.path.join('.') : '(root)';
    if (issue.code === 'unrecognized_keys') {
      const prefix = issue.path.length > 0 ? `${issue.path.join('.')}.` : '';
      return `${issue.keys.map((k) => prefix + k).join(', ')}: unknown key`;
    }
    return `${key}: ${issue.message}`;
  });
  throw new CutsInputError(`invalid configuration\n  ${lines.join('\n  ')}`, source);
}

/** The defaults as one object (the reference's hyper-parameters). */
export const defaultConfig: CutsConfig = parseConfig({});

/** Deep-merges `override` onto `base` (plain objects merge, everything else replaces). */
export function mergeConfigInput(base: unknown, override: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(override)) return override === undefined ? base : override;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) {
    out[key] = key in out ? mergeConfigInput(out[key], value) : value;
  }
  return out;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
