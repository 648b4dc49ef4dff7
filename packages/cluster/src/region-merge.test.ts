import { createLabelMap, defaultConfig, type LabelMap } from '@cuts/core';
import { sharedDataForTests } from '@cuts/core/testing';
import { describe, expect, it } from 'vitest';
import { clusterImage } from './cluster-image.js';
import { mergeSimilarRegions } from './region-merge.js';
import { connectedRegions } from './regions.js';
import { liftedRetina } from './test-utils/lift.js';

/** A 4×4 map of four 2×2 quadrants (ids 0 1 / 2 3) and a 1-d feature per quadrant. */
function quadrants(values: [number, number, number, number]): { map: LabelMap; features: Float32Array } {
  const labels = new Int32Array(16);
  const features = new Float32Array(16);
  for (let y = 0; y < 4; y++) {
    for (let x = 0; x < 4; x++) {
      const q = (y < 2 ? 0 : 2) + (x < 2 ? 0 : 1);
      labels[y * 4 + x] = q;
      features[y * 4 + x] = values[q];
    }
  }
  return { map: createLabelMap(4, 4, labels), features };
}

const ids = (map: LabelMap): number[] => Array.from(map.data);

describe('mergeSimilarRegions', () => {
  // Quadrant means 0 / 0.1 / 5 / 5.1 (4 px each): total SS = 4·(2.55² + 2.45² + 2.45² + 2.55²)
  // = 100.04. Ward cost of 0+1 and of 2+3: 4·4/8·0.1² = 0.02; of the two halves then:
  // 8·8/16·5² = 100.
  it('merges adjacent regions while the Ward cost stays under threshold × total SS (by hand)', () => {
    const { map, features } = quadrants([0, 0.1, 5, 5.1]);
    // limit 0.0100 < 0.02: nothing merges
    expect(ids(mergeSimilarRegions(map, features, 1, 0.0001))).toEqual(ids(map));
    // limit 0.1000 ≥ 0.02 < 100: the top and the bottom halves
    expect(ids(mergeSimilarRegions(map, features, 1, 0.001))).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1]);
    // a threshold above every cost stops at minRegions (2 by default; 1 when asked)
    expect(new Set(mergeSimilarRegions(map, features, 1, 1).data).size).toBe(2);
    expect(new Set(mergeSimilarRegions(map, features, 1, 1, { minRegions: 1 }).data).size).toBe(1);
  });

  // centroid: the limit is threshold × the mean squared deviation per pixel (100.04 / 16 =
  // 6.2525), the cost the squared distance of the means (0.01 for 0+1 and 2+3, 25 for the halves)
  it('centroid linkage: merges while the means are closer than threshold × the variance (by hand)', () => {
    const { map, features } = quadrants([0, 0.1, 5, 5.1]);
    const centroid = { linkage: 'centroid' } as const;
    expect(ids(mergeSimilarRegions(map, features, 1, 0.0015, centroid))).toEqual(ids(map)); // limit 0.0094
    expect(ids(mergeSimilarRegions(map, features, 1, 0.002, centroid))).toEqual([
      0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1,
    ]); // limit 0.0125
    // size does not make a merge cheaper: top half 0 (8 px), bottom 5 (7 px), its corner pixel 10.
    // Mean 2.8125, total SS 148.44 (9.277 per pixel). Both adjacent pairs are 5 apart (cost 25):
    // centroid at 2 (limit 18.55) keeps all three; Ward at 0.2 (limit 29.69) absorbs the pixel
    // (7·1/8·25 = 21.9) and keeps the halves (then 8·8/16·5.625² = 126.6).
    const labels = Int32Array.from({ length: 16 }, (_, p) => (p === 15 ? 9 : p < 8 ? 0 : 2));
    const f = Float32Array.from({ length: 16 }, (_, p) => (p === 15 ? 10 : p < 8 ? 0 : 5));
    const corner = createLabelMap(4, 4, labels);
    expect(new Set(mergeSimilarRegions(corner, f, 1, 2, { ...centroid, minRegions: 1 }).data).size).toBe(3);
    const ward = mergeSimilarRegions(corner, f, 1, 0.2, { minRegions: 1 });
    expect(ids(ward)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1]);
  });

  it('only merges regions that touch (equal features on the diagonal stay apart)', () => {
    // checkerboard of quadrants: 0 and 3 alike, 1 and 2 alike, but no alike pair is adjacent;
    // every adjacent pair costs 4·4/8·25 = 50 of a total 100, over the limit 0.4·100
    const { map, features } = quadrants([0, 5, 5, 0]);
    expect(ids(mergeSimilarRegions(map, features, 1, 0.4))).toEqual(ids(map));
    // above 0.5 the cheapest adjacent pair (ties: the lowest ids, 0 and 1) goes first
    const merged = mergeSimilarRegions(map, features, 1, 0.6, { minRegions: 3 });
    expect(merged.data[0]).toBe(merged.data[2]);
    expect(new Set(merged.data).size).toBe(3);
  });

  it('treats the separate pieces of one id as separate regions and relabels 0.. by first pixel', () => {
    // id 7 on the left and right columns, id 3 in the middle: three regions
    const labels = Int32Array.from({ length: 9 }, (_, p) => (p % 3 === 1 ? 3 : 7));
    const features = Float32Array.from({ length: 9 }, (_, p) => (p % 3 === 2 ? 1 : 0));
    expect(ids(mergeSimilarRegions(createLabelMap(3, 3, labels), features, 1, 0))).toEqual([0, 1, 2, 0, 1, 2, 0, 1, 2]);
    // the left piece (feature 0) and the middle (0) merge; the right piece (1) stays
    expect(ids(mergeSimilarRegions(createLabelMap(3, 3, labels), features, 1, 0.1))).toEqual([
      0, 0, 1, 0, 0, 1, 0, 0, 1,
    ]);
  });

  it('names the mismatch when the features do not fit the map', () => {
    const { map } = quadrants([0, 1, 2, 3]);
    expect(() => mergeSimilarRegions(map, new Float32Array(15), 1, 0.1)).toThrow(/15 values, expected 16 × 1/);
  });
});

/**
 * Independent reference: recompute every adjacent pair's cost from the pixels after each
 * merge (no heap, no running sums), merge the cheapest (ties: lowest ids), stop over the limit.
 */
function naiveMerge(
  map: LabelMap,
  f: Float32Array,
  dim: number,
  threshold: number,
  linkage: 'ward' | 'centroid',
  minRegions = 2,
): number[] {
  const { height, width } = map;
  const n = height * width;
  const group = Array.from(connectedRegions(map.data, height, width).region);
  const mean = new Float64Array(dim);
  for (let p = 0; p < n; p++) for (let j = 0; j < dim; j++) mean[j] += f[p * dim + j] / n;
  let total = 0;
  for (let p = 0; p < n; p++) for (let j = 0; j < dim; j++) total += (f[p * dim + j] - mean[j]) ** 2;
  for (;;) {
    const live = [...new Set(group)].sort((a, b) => a - b);
    if (live.length <= minRegions) break;
    const stats = new Map<number, { size: number; sum: Float64Array }>();
    for (let p = 0; p < n; p++) {
      const s = stats.get(group[p]) ?? { size: 0, sum: new Float64Array(dim) };
      s.size++;
      for (let j = 0; j < dim; j++) s.sum[j] += f[p * dim + j];
      stats.set(group[p], s);
    }
    const pairs = new Set<string>();
    for (let p = 0; p < n; p++) {
      const x = p % width;
      for (const q of [x < width - 1 ? p + 1 : -1, p + width < n ? p + width : -1]) {
        if (q >= 0 && group[p] !== group[q])
          pairs.add(`${Math.min(group[p], group[q])},${Math.max(group[p], group[q])}`);
      }
    }
    let best: { cost: number; a: number; b: number } | undefined;
    for (const key of pairs) {
      const [a, b] = key.split(',').map(Number);
      const sa = stats.get(a)!;
      const sb = stats.get(b)!;
      let d2 = 0;
      for (let j = 0; j < dim; j++) d2 += (sa.sum[j] / sa.size - sb.sum[j] / sb.size) ** 2;
      const cost = linkage === 'centroid' ? d2 : ((sa.size * sb.size) / (sa.size + sb.size)) * d2;
      if (!best || cost < best.cost || (cost === best.cost && (a < best.a || (a === best.a && b < best.b)))) {
        best = { cost, a, b };
      }
    }
    if (!best || best.cost > threshold * (linkage === 'centroid' ? total / n : total)) break;
    for (let p = 0; p < n; p++) if (group[p] === best.b) group[p] = best.a;
  }
  const idOf = new Map<number, number>();
  return group.map((g) => {
    if (!idOf.has(g)) idOf.set(g, idOf.size);
    return idOf.get(g)!;
  });
}

const retina = sharedDataForTests('retina_ga');

describe.skipIf(!retina)('mergeSimilarRegions on a real retina image (48², pixels lifted to 16-d)', () => {
  const grid = { height: 48, width: 48 };
  const config = { ...defaultConfig.cluster, kmeans: { ...defaultConfig.cluster.kmeans, restarts: 2 } };

  it.each([
    ['ward', [0.001, 0.005, 0.02, 0.1]],
    ['centroid', [0.02, 0.1, 0.3, 1]],
  ] as const)('%s: equals the from-scratch reference at every threshold, never adds a region', async (linkage, ts) => {
    const [img] = await liftedRetina(1, 48, 16);
    const map = clusterImage(img.matrix, grid, config, ['kmeans'], 1).kmeans!.map;
    const before = connectedRegions(map.data, 48, 48).size.length;
    let previous = before;
    for (const t of ts) {
      const merged = mergeSimilarRegions(map, img.matrix.data, img.matrix.dim, t, { linkage });
      expect(ids(merged)).toEqual(naiveMerge(map, img.matrix.data, img.matrix.dim, t, linkage));
      const count = new Set(merged.data).size;
      expect(count).toBeLessThanOrEqual(previous); // a higher threshold never keeps more regions
      previous = count;
    }
    expect(previous).toBeLessThan(before); // and the largest one did merge something
  });

  it('is what clusterImage applies to every object map (cluster.mergeThreshold, mergeLinkage)', async () => {
    const [img] = await liftedRetina(1, 48, 16);
    const methods = ['kmeans', 'spectral_kmeans'] as const;
    const off = clusterImage(img.matrix, grid, { ...config, mergeThreshold: 0 }, methods, 1);
    for (const linkage of ['centroid', 'ward'] as const) {
      const t = linkage === 'centroid' ? 0.1 : 0.005;
      const on = clusterImage(img.matrix, grid, { ...config, mergeThreshold: t, mergeLinkage: linkage }, methods, 1);
      const merge = (m: LabelMap): number[] =>
        ids(mergeSimilarRegions(m, img.matrix.data, img.matrix.dim, t, { linkage }));
      expect(ids(on.kmeans!.map)).toEqual(merge(off.kmeans!.map));
      expect(ids(on.spectral_kmeans!.map)).toEqual(merge(off.spectral_kmeans!.map));
      // the class map is left as it is (one id per class, wherever its pixels lie)
      expect(ids(on.spectral_kmeans!.classes!)).toEqual(ids(off.spectral_kmeans!.classes!));
    }
    // the default config merges (centroid, 0.1)
    const byDefault = clusterImage(img.matrix, grid, config, ['kmeans'], 1);
    expect(ids(byDefault.kmeans!.map)).toEqual(
      ids(mergeSimilarRegions(off.kmeans!.map, img.matrix.data, img.matrix.dim, 0.1, { linkage: 'centroid' })),
    );
  });
});
