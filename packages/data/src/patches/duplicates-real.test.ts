/**
 * Near-duplicate negatives on real scans (../shared/data; fails under CI=true if missing):
 * frequent where a scan has a flat background (FLAIR MRI, ultrasound), all but absent on
 * textured images (H&E histology, EM).
 */
import { Rng, parseConfig } from '@cuts/core';
import { sharedDataForTests } from '@cuts/core/testing';
import { describe, expect, it } from 'vitest';
import { loadDataset } from '../dataset/load.js';
import { samplePositions } from './sampler.js';
import { buildWindowBatch } from './windows.js';

const sets = ['lgg_flair_mri', 'hc18_fetal_head_us', 'monuseg_he_nuclei', 'isbi2012_em_membranes'] as const;
const dirs = Object.fromEntries(sets.map((s) => [s, sharedDataForTests(s)]));

/** Share of the pairs of rows from different anchors that are marked, over 4 batches of 8 images. */
async function duplicateShare(dir: string, duplicateMse: number): Promise<number> {
  const config = parseConfig({ sampler: { duplicateMse } });
  const images = (await loadDataset(dir)).slice(0, 8).map((it) => it.image);
  const rng = new Rng(1);
  let marked = 0;
  let pairs = 0;
  for (let rep = 0; rep < 4; rep++) {
    const sample = samplePositions(images, { ...config.sampler, patchSize: config.model.patchSize }, rng);
    const batch = buildWindowBatch(images, sample, { radius: 0, patchSize: config.model.patchSize, duplicateMse });
    const r = batch.rowsPerImage;
    pairs += images.length * r * (r - 2);
    for (const v of batch.duplicates ?? []) marked += v;
  }
  return marked / pairs;
}

describe.skipIf(sets.some((s) => !dirs[s]))('near-duplicate negatives on the development suite', () => {
  it('1e-3 (≈ 4 grey levels RMS) marks many pairs on flat-background scans and almost none on textured ones', async () => {
    const duplicateMse = 1e-3;
    const share = Object.fromEntries(
      await Promise.all(sets.map(async (s) => [s, await duplicateShare(dirs[s] as string, duplicateMse)] as const)),
    );
    expect(share.lgg_flair_mri).toBeGreaterThan(0.1);
    expect(share.hc18_fetal_head_us).toBeGreaterThan(0.05);
    expect(share.monuseg_he_nuclei).toBeLessThan(0.01);
    expect(share.isbi2012_em_membranes).toBeLessThan(0.01);
  }, 60_000);
});
