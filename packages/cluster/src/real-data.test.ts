import { defaultConfig, type LabelMap } from '@cuts/core';
import { sharedDataForTests } from '@cuts/core/testing';
import { describe, expect, it } from 'vitest';
import { clusterImage, type ImageClusters } from './cluster-image.js';
import { minRegionPixels } from './regions.js';
import { expectRefines } from './test-utils/refinement.js';
import { regionSizeAt } from './test-utils/region-sizes.js';
import { liftedRetina } from './test-utils/lift.js';

const retina = sharedDataForTests('retina_ga');

const grid = { height: 64, width: 64 };
// the methods themselves (no minimum-region cleanup, one id per cluster)
const raw = { ...defaultConfig.cluster, minRegionFraction: 0, connectedRegions: false };
const mergedOnly = { ...defaultConfig.cluster, connectedRegions: false };
let rawResult: Promise<ImageClusters> | undefined;
const rawClusters = (): Promise<ImageClusters> =>
  (rawResult ??= liftedRetina(1, 64).then(([img]) => clusterImage(img.matrix, grid, raw, undefined, 1)));

describe.skipIf(!retina)('real retina image (64², pixels lifted to 128-d)', () => {
  it('runs every method with the default config and keeps the invariants', async () => {
    const [img] = await liftedRetina(1, 64);
    const r = await rawClusters();
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
    const again = clusterImage(img.matrix, grid, raw, ['kmeans', 'diffusion'], 1);
    expect(Array.from(again.kmeans!.map.data)).toEqual(Array.from(r.kmeans!.map.data));
    expect(again.diffusion!.salientLevels).toEqual(d.salientLevels);
  });

  it('diffusion.potential: "own" (default) builds the condensation its own potential, "spectral" shares spectral k-means\' one; spectral maps the same', async () => {
    const [img] = await liftedRetina(1, 64);
    const d = defaultConfig.cluster;
    expect(d.diffusion.potential).toBe('own');
    const shared = { ...d, diffusion: { ...d.diffusion, potential: 'spectral' as const } };
    const own = clusterImage(img.matrix, grid, d, ['spectral_kmeans', 'diffusion'], 1);
    const both = clusterImage(img.matrix, grid, shared, ['spectral_kmeans', 'diffusion'], 1);
    expect(Array.from(both.spectral_kmeans!.map.data)).toEqual(Array.from(own.spectral_kmeans!.map.data));
    expect(Array.from(both.spectral_kmeans!.classes!.data)).toEqual(Array.from(own.spectral_kmeans!.classes!.data));
    // either way the condensation alone gives the same maps as beside spectral k-means
    for (const [config, withSpectral] of [
      [d, own],
      [shared, both],
    ] as const) {
      const alone = clusterImage(img.matrix, grid, config, ['diffusion'], 1);
      expect(alone.diffusion!.salientLevels).toEqual(withSpectral.diffusion!.salientLevels);
      expect(Array.from(alone.diffusion!.persistent.data)).toEqual(Array.from(withSpectral.diffusion!.persistent.data));
      expect(withSpectral.diffusion!.levels.length).toBeGreaterThan(1);
    }
  });

  it('the minimum region size leaves no region under 2% of the image in any map, only merges, keeps levels nested', async () => {
    const [img] = await liftedRetina(1, 64);
    const clean = clusterImage(img.matrix, grid, mergedOnly, undefined, 1);
    const before = await rawClusters();
    const minSize = minRegionPixels(grid, defaultConfig.cluster.minRegionFraction);
    expect(minSize).toBe(82);
    const pairs: [LabelMap, LabelMap | undefined][] = [
      [clean.kmeans!.map, before.kmeans!.map],
      [clean.spectral_kmeans!.map, before.spectral_kmeans!.map],
      [clean.diffusion!.persistent, undefined],
      ...clean.diffusion!.levels.map((m): [LabelMap, undefined] => [m, undefined]),
    ];
    // diffusion levels stay nested: each id of the finest cleaned level lies inside one id of every other level
    for (const level of clean.diffusion!.levels.slice(1)) expectRefines(clean.diffusion!.levels[0], level);
    for (const [m, rawMap] of pairs) {
      expect(Math.min(...regionSizeAt(m))).toBeGreaterThanOrEqual(minSize);
      if (rawMap) {
        // only small pieces change, taking a neighbour's id: ids never appear, large regions stay
        const ids = new Set(rawMap.data);
        for (const v of m.data) expect(ids.has(v)).toBe(true);
        const sizes = regionSizeAt(rawMap);
        for (let p = 0; p < m.data.length; p++) if (sizes[p] >= minSize) expect(m.data[p]).toBe(rawMap.data[p]);
      }
    }
  });

  it('the default clean-up: one connected region per id in every map, splitting the merged maps, levels nested', async () => {
    const [img] = await liftedRetina(1, 64);
    // the split alone (the region merging after it: region-merge.test.ts)
    const splitOnly = { ...defaultConfig.cluster, mergeThreshold: 0 };
    const regions = clusterImage(img.matrix, grid, splitOnly, undefined, 1);
    const merged = clusterImage(img.matrix, grid, mergedOnly, undefined, 1);
    const pairs: [LabelMap, LabelMap][] = [
      [regions.kmeans!.map, merged.kmeans!.map],
      [regions.spectral_kmeans!.map, merged.spectral_kmeans!.map],
      [regions.diffusion!.persistent, merged.diffusion!.persistent],
      ...regions.diffusion!.levels.map((m, l): [LabelMap, LabelMap] => [m, merged.diffusion!.levels[l]]),
    ];
    let split = 0;
    for (const [m, before] of pairs) {
      const area = new Map<number, number>();
      for (const v of m.data) area.set(v, (area.get(v) ?? 0) + 1);
      const sizes = regionSizeAt(m);
      m.data.forEach((v, p) => expect(sizes[p]).toBe(area.get(v)));
      // the same regions as the merged map, only ids added
      m.data.forEach((v, p) => {
        if (v !== before.data[p]) expect(v).toBeGreaterThan(Math.max(...before.data));
      });
      expect(sizes).toEqual(regionSizeAt(before));
      split += area.size - new Set(before.data).size;
    }
    expect(split).toBeGreaterThan(0);
    for (const level of regions.diffusion!.levels.slice(1)) expectRefines(regions.diffusion!.levels[0], level);
  });
});
