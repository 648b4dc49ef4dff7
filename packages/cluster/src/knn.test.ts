import { Rng } from '@cuts/core';
import { describe, expect, it } from 'vitest';
import { sqDist } from './distance.js';
import { knnGraph } from './knn.js';
import { balancedPartition } from './partition-tree.js';
import { gaussianBlobs } from './test-utils/blobs.js';

function bruteForce(data: Float32Array, n: number, dim: number, i: number, k: number): number[] {
  const order = Array.from({ length: n }, (_, j) => j).filter((j) => j !== i);
  order.sort((a, b) => sqDist(data, i, data, a, dim) - sqDist(data, i, data, b, dim));
  return order.slice(0, k);
}

describe('knnGraph', () => {
  it('is exact on small inputs and excludes each point itself', () => {
    const { matrix } = gaussianBlobs(3, 20, 5, 1, { separation: 2 });
    const g = knnGraph(matrix.data, 60, 5, 7);
    for (let i = 0; i < 60; i++) {
      const got = Array.from(g.indices.subarray(i * 7, i * 7 + 7)).sort((a, b) => a - b);
      expect(got).toEqual(bruteForce(matrix.data, 60, 5, i, 7).sort((a, b) => a - b));
      for (let r = 0; r < 7; r++) {
        expect(g.distances[i * 7 + r]).toBeCloseTo(Math.sqrt(sqDist(matrix.data, i, matrix.data, g.indices[i * 7 + r], 5)), 4);
      }
    }
  });

  it('finds ≥ 90% of the true neighbours with cell search (no n × n matrix)', () => {
    const { matrix } = gaussianBlobs(10, 300, 16, 2, { separation: 2 });
    const n = 3000;
    const k = 30;
    const g = knnGraph(matrix.data, n, 16, k, { seed: 4 });
    let hits = 0;
    const sample = Array.from({ length: 150 }, (_, s) => s * 20);
    for (const i of sample) {
      const truth = new Set(bruteForce(matrix.data, n, 16, i, k));
      for (let r = 0; r < k; r++) if (truth.has(g.indices[i * k + r])) hits++;
      expect(g.indices.subarray(i * k, i * k + k).includes(i)).toBe(false);
    }
    expect(hits / (sample.length * k)).toBeGreaterThan(0.9);
  });
});

describe('balancedPartition', () => {
  it('makes exactly the requested number of compact cells with sizes within ±20% of even', () => {
    const { matrix } = gaussianBlobs(4, 250, 8, 3);
    const cells = balancedPartition(matrix.data, 1000, 8, 37, new Rng(1));
    const sizes = new Array(37).fill(0);
    cells.forEach((c) => sizes[c]++);
    expect(sizes.every((s) => s > 0)).toBe(true);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(Math.ceil((1000 / 37) * 1.6));
    // Well-separated blobs: no cell mixes two blobs.
    const blobOf = new Map<number, number>();
    cells.forEach((c, i) => {
      const b = Math.floor(i / 250);
      if (!blobOf.has(c)) blobOf.set(c, b);
      expect(blobOf.get(c)).toBe(b);
    });
  });
});
