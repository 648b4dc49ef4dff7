/**
 * `labels/diffusion_levels/index.json`: `{"<image>": [level, …]}`, the condensation-stack
 * indices of an image's diffusion levels in coarse → fine order (files
 * `labels/diffusion_levels/<image>/<level>.png`); and its native-grid twin
 * `labels_native/diffusion_levels/index.json`: `{"<id>": L}` (levels 0 … L−1, coarse → fine).
 */
import { CutsInputError } from '@cuts/core/browser';
import { RUN_FILES } from './paths.js';

/** `diffusion_levels/index.json`: per image, the condensation levels written as label maps. */
export type LevelsIndex = Record<string, number[]>;
/** The native-grid levels index: per image (or volume), how many levels were written. */
export type NativeLevelsIndex = Record<string, number>;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Validates a parsed levels index. Throws CutsInputError naming `source` and the bad key. */
export function parseLevelsIndex(json: unknown, source: string = RUN_FILES.levelsIndex): LevelsIndex {
  if (!isObject(json)) throw new CutsInputError('expected an object {"<image>": [levelIndex, ...]}', source);
  const out: LevelsIndex = {};
  for (const [image, levels] of Object.entries(json)) {
    if (!Array.isArray(levels) || !levels.every((l) => Number.isInteger(l) && l >= 0)) {
      throw new CutsInputError(`key "${image}" must be an array of integer level indices`, source);
    }
    out[image] = levels as number[];
  }
  return out;
}

/** Validates a parsed native levels index. Throws CutsInputError naming `source` and the bad key. */
export function parseNativeLevelsIndex(json: unknown, source: string = RUN_FILES.nativeLevelsIndex): NativeLevelsIndex {
  if (!isObject(json)) throw new CutsInputError('expected an object {"<id>": <number of levels>}', source);
  const out: NativeLevelsIndex = {};
  for (const [id, l] of Object.entries(json)) {
    if (!Number.isInteger(l) || (l as number) < 0)
      throw new CutsInputError(`"${id}" must be a non-negative integer`, source);
    out[id] = l as number;
  }
  return out;
}

/** The JSON text of a levels index (validated first). */
export function formatLevelsIndex(index: LevelsIndex, source: string = RUN_FILES.levelsIndex): string {
  return `${JSON.stringify(parseLevelsIndex(index, source), null, 2)}\n`;
}

/** The JSON text of a native levels index (validated first). */
export function formatNativeLevelsIndex(
  index: NativeLevelsIndex,
  source: string = RUN_FILES.nativeLevelsIndex,
): string {
  return `${JSON.stringify(parseNativeLevelsIndex(index, source), null, 2)}\n`;
}
