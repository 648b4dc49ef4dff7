/**
 * `--resume` continues exactly the run that was started: the data folder, the
 * seed and every setting that shapes the results must be the saved ones. Only
 * settings that cannot change a result may differ (RESUME_MAY_CHANGE).
 */
import path from 'node:path';
import { CutsInputError, type CutsConfig } from '@cuts/core';
import type { RunConfigFile } from './run-config.js';

/** Config keys a resumed run may change: they affect speed or what is accepted, never the numbers. */
export const RESUME_MAY_CHANGE = ['cluster.workers', 'train.workers', 'data.maxPixels'] as const;

/** Dotted keys whose values differ between two JSON-like values (objects are compared key by key). */
export function differingKeys(a: unknown, b: unknown, prefix = ''): string[] {
  const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (isObj(a) && isObj(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    return keys.flatMap((k) => differingKeys(a[k], b[k], prefix ? `${prefix}.${k}` : k));
  }
  return JSON.stringify(a) === JSON.stringify(b) ? [] : [prefix || '(config)'];
}

/** Throws CutsInputError naming every differing key when `config`/`data` differ from the saved run. */
export function assertResumable(
  saved: RunConfigFile,
  config: CutsConfig,
  data: string | undefined,
  configFile: string,
): void {
  const keys = differingKeys(saved.config, config).filter((k) => !(RESUME_MAY_CHANGE as readonly string[]).includes(k));
  const details = keys.map((k) => `${k} (run: ${show(get(saved.config, k))}, now: ${show(get(config, k))})`);
  if (data !== undefined) {
    const now = path.resolve(data);
    if (saved.data.demo || path.resolve(saved.data.dir) !== now) {
      details.unshift(`--data (run: ${saved.data.demo ? 'the demo set' : saved.data.dir}, now: ${now})`);
    }
  }
  if (details.length > 0) {
    throw new CutsInputError(
      `--resume must continue the same run, but these differ from it: ${details.join('; ')}. ` +
        'Drop those flags to resume, or start a new run (another --out, or --force to replace this one)',
      configFile,
    );
  }
}

function get(obj: unknown, key: string): unknown {
  return key
    .split('.')
    .reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), obj);
}

function show(v: unknown): string {
  return v === undefined ? 'unset' : JSON.stringify(v);
}
