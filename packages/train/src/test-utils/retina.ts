/** Real retina images for tests (read in place from ../shared/data). */
import type { DatasetItem } from '@cuts/core';
import { sharedDataForTests } from '@cuts/core/testing';
import { loadDataset } from '@cuts/data';

export const retinaDir = sharedDataForTests('retina_ga');

let cache: Promise<DatasetItem[]> | undefined;

/** The first `n` retina items (128×128 RGB in [-1, 1]). */
export async function retinaItems(n: number): Promise<DatasetItem[]> {
  if (!retinaDir) throw new Error('retina data missing');
  cache ??= loadDataset(retinaDir, { limit: 8 });
  const all = await cache;
  return all.slice(0, n);
}
