import { defaultConfig, sharedDataForTests } from '@cuts/core';
import { describe, expect, it } from 'vitest';
import { clusterImage } from './cluster-image.js';
import { liftedRetina } from './test-utils/lift.js';

const retina = sharedDataForTests('retina_ga');

describe.skipIf(!retina)('real retina image (64², pixels lifted to 128-d)', () => {
  it('runs every method with the default config and keeps the invariants', async () => {
    const [img] = await liftedRetina(1, 64);
    const grid = { height: 64, width: 64 };
    const r = clusterImage(img.matrix, grid, defaultConfig.cluster, undefined, 1);
    expect(new Set(r.kmeans!.map.data).size).toBe(10);
    expect(new Set(r.spectral_kmeans!.map.data).size).toBe(10);
    expect(r.spectral_kmeans!.chosenK).toBeGreaterThanOrEqual(2);
    expect(r.spectral_kmeans!.chosenK).toBeLessThanOrEqual(9);
    const d = r.diffusion!;
    expect(d.levels.length).toBeGreaterThan(1);
    // Salient levels run fine → coarse: cluster counts never grow.
    const counts = d.levels.map((m) => new Set(m.data).size);
    for (let i = 1; i < counts.length; i++) expect(counts[i]).toBeLessThanOrEqual(counts[i - 1]);
    expect(d.gradient.length).toBe(d.stackLevels - 1);
    // The persistent map paints structures ≥ 1% of the image, each from its best level.
    const labels = new Set(d.persistent.data);
    labels.delete(0);
    expect(labels.size).toBe(d.structures.length);
    for (const s of d.structures) expect(s.area).toBeGreaterThanOrEqual(0.01 * 64 * 64);
    // Determinism: same seed, same maps.
    const again = clusterImage(img.matrix, grid, defaultConfig.cluster, ['kmeans', 'diffusion'], 1);
    expect(Array.from(again.kmeans!.map.data)).toEqual(Array.from(r.kmeans!.map.data));
    expect(again.diffusion!.salientLevels).toEqual(d.salientLevels);
  });
});
