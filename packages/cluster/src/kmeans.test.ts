import { Rng, createEmbeddingMatrix, isInputError } from '@cuts/core';
import { kmeans as mlKmeans } from 'ml-kmeans';
import { describe, expect, it } from 'vitest';
import { inertiaOf, kmeans, kmeansPlusPlus } from './kmeans.js';
import { gaussianBlobs, samePartition } from './test-utils/blobs.js';

describe('kmeans', () => {
  it('recovers well-separated Gaussian blobs exactly', () => {
    const { matrix, truth } = gaussianBlobs(6, 150, 16, 3);
    const r = kmeans(matrix, { k: 6, seed: 1 });
    expect(samePartition(r.labels, truth)).toBe(true);
    expect(Array.from(r.sizes)).toEqual([150, 150, 150, 150, 150, 150]);
    expect(r.inertia).toBeCloseTo(inertiaOf(matrix.data, matrix.rows, matrix.dim, r.centroids, r.labels), 6);
  });

  it('reaches the same fixed point and inertia as ml-kmeans from the same start', () => {
    // Overlapping clusters so Lloyd needs many iterations and the bounds are exercised.
    const { matrix } = gaussianBlobs(8, 250, 12, 11, { separation: 1.5, spread: 1 });
    const rows = Array.from({ length: matrix.rows }, (_, i) => Array.from(matrix.data.subarray(i * 12, i * 12 + 12)));
    for (const seed of [1, 2, 3]) {
      const init = kmeansPlusPlus(matrix.data, matrix.rows, 12, 8, new Rng(seed));
      const ours = kmeans(matrix, { k: 8, initialCentroids: init, tolerance: 0, maxIterations: 1000 });
      const initRows = Array.from({ length: 8 }, (_, c) => Array.from(init.subarray(c * 12, c * 12 + 12)));
      const ref = mlKmeans(rows, 8, { initialization: initRows, tolerance: 0, maxIterations: 1000 });
      const refLabels = Int32Array.from(ref.clusters);
      const refInertia = inertiaOf(matrix.data, matrix.rows, 12, Float64Array.from(ref.centroids.flat()), refLabels);
      expect(ours.iterations).toBeGreaterThan(5);
      expect(Math.abs(ours.inertia - refInertia) / refInertia).toBeLessThan(1e-6);
      expect(Array.from(ours.labels)).toEqual(Array.from(refLabels));
      expect(ours.iterations).toBe(ref.iterations);
    }
  });

  it('is deterministic under a seed, and more restarts never do worse', () => {
    const { matrix } = gaussianBlobs(5, 200, 8, 5, { separation: 2 });
    const a = kmeans(matrix, { k: 7, seed: 9, restarts: 4 });
    const b = kmeans(matrix, { k: 7, seed: 9, restarts: 4 });
    expect(Array.from(a.labels)).toEqual(Array.from(b.labels));
    expect(a.inertia).toBe(b.inertia);
    const one = kmeans(matrix, { k: 7, seed: 9, restarts: 1 });
    expect(a.inertia).toBeLessThanOrEqual(one.inertia);
    const screened = kmeans(matrix, { k: 7, seed: 9, restarts: 4, screenRows: 300 });
    expect(screened.labels.length).toBe(1000);
    expect(Math.min(...screened.sizes)).toBeGreaterThan(0);
  });

  it('re-seeds empty clusters', () => {
    const { matrix } = gaussianBlobs(3, 50, 4, 2);
    const init = new Float64Array(4 * 4);
    init.set(matrix.data.subarray(0, 4), 0);
    init.set(matrix.data.subarray(50 * 4, 51 * 4), 4);
    init.set(matrix.data.subarray(100 * 4, 101 * 4), 8);
    init.fill(1e6, 12); // a centre no point is near: empty after the first step
    const r = kmeans(matrix, { k: 4, initialCentroids: init });
    expect(Array.from(r.sizes).every((s) => s > 0)).toBe(true);
    expect(r.sizes.reduce((s, v) => s + v, 0)).toBe(150);
    // Identical points: k-means++ falls back and clusters stay non-empty.
    const same = createEmbeddingMatrix(6, 2, new Float32Array(12).fill(3));
    const s = kmeans(same, { k: 3, seed: 1 });
    expect(Array.from(s.sizes).every((v) => v > 0)).toBe(true);
    expect(s.inertia).toBe(0);
  });

  it('rejects NaN rows, k > N and empty matrices with input errors', () => {
    const bad = createEmbeddingMatrix(5, 3);
    bad.data[3 * 3 + 1] = Number.NaN;
    expect(() => kmeans(bad, { k: 2 })).toThrow(/row 3, column 1 is NaN/);
    try {
      kmeans(bad, { k: 2 });
    } catch (err) {
      expect(isInputError(err)).toBe(true);
    }
    expect(() => kmeans(createEmbeddingMatrix(4, 2), { k: 5 })).toThrow(/5 clusters but the matrix has only 4 rows/);
    expect(() => kmeans(createEmbeddingMatrix(0, 8), { k: 1 })).toThrow(/empty matrix/);
    expect(() => kmeans(createEmbeddingMatrix(4, 2), { k: 0 })).toThrow(/kmeans.k: must be a positive integer/);
  });
});
