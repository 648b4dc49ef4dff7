/** Reading label maps written by earlier stages back from the run folder. */
import { readRasterImage } from '@cuts/data';
import { CutsInputError, createLabelMap, type LabelMap } from '@cuts/core';
import { readLevelsIndex, type RunDir } from '../run-dir.js';

export async function readLabelMapPng(file: string): Promise<LabelMap> {
  const r = await readRasterImage(file);
  if (r.channels !== 1) throw new CutsInputError(`a label map must have one channel, found ${r.channels}`, file);
  return createLabelMap(r.height, r.width, Int32Array.from(r.data as ArrayLike<number>));
}

/** The diffusion levels of one image, coarse → fine, with their stack indices. */
export async function readLevels(runDir: RunDir, id: string): Promise<{ index: number; map: LabelMap }[]> {
  const index = await readLevelsIndex(runDir);
  const levels = index[id] ?? [];
  return Promise.all(levels.map(async (l) => ({ index: l, map: await readLabelMapPng(runDir.level(id, l)) })));
}
