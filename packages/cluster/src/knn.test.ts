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
    // 3·k + 1 ≥ n: every point is a candidate, so the search is exact.
    const k = 20;
    const g = knnGraph(matrix.data, 60, 5, k);
    for (let i = 0; i < 60; i++) {
      const got = Array.from(g.indices.subarray(i * k, i * k + k)).sort((a, b) => a - b);
      expect(got).toEqual(bruteForce(matrix.data, 60, 5, i, k).sort((a, b) => a - b));
      for (let r = 0; r < k; r++) {
        expect(g.distances[i * k + r]).toBeCloseTo(
          Math.sqrt(sqDist(matrix.data, i, matrix.data, g.indices[i * k + r], 5)),
          4,
        );
      }
    }
  });

  it('finds most true neighbours with cell search (no n × n matrix)', () => {
    // A 3-d manifold in 16-d (like pixel embeddings: few intrinsic directions), 3,000 points.
    const n = 3000;
    const dim = 16;
    const rng = new Rng(5);
    const lift = rng.fillNormal(new Float32Array(3 * dim));
    const data = new Float32Array(n * dim);
    for (let i = 0; i < n; i++) {
      const u = [rng.uniform(0, 6), rng.uniform(0, 6), rng.uniform(0, 1)];
      const z = [Math.sin(u[0]) * 3, Math.cos(u[0]) * 3 + u[1], u[2] + u[0] * 0.5];
      for (let t = 0; t < dim; t++)
        data[i * dim + t] = z[0] * lift[t] + z[1] * lift[dim + t] + z[2] * lift[2 * dim + t] + rng.normal(0, 0.05);
    }
    const k = 30;
    const g = knnGraph(data, n, dim, k, { seed: 4 });
    let hits = 0;
    const sample = Array.from({ length: 150 }, (_, s) => s * 20);
    for (const i of sample) {
      const truth = new Set(bruteForce(data, n, dim, i, k));
      for (let r = 0; r < k; r++) if (truth.has(g.indices[i * k + r])) hits++;
      expect(g.indices.subarray(i * k, i * k + k).includes(i)).toBe(false);
    }
    expect(hits / (sample.length * k)).toBeGreaterThan(0.85);
  });
});

describe('balancedPartition', () => {
  it('makes exactly the requested number of non-empty cells that follow gaps between groups', () => {
    const { matrix } = gaussianBlobs(4, 250, 8, 3);
    const cells = balancedPartition(matrix.data, 1000, 8, 37, new Rng(1));
    const sizes = new Array(37).fill(0);
    cells.forEach((c) => sizes[c]++);
    expect(sizes.every((s) => s > 0)).toBe(true);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(2 * (1000 / 37));
    // Well-separated blobs: no cell mixes two blobs.
    const blobOf = new Map<number, number>();
    cells.forEach((c, i) => {
      const b = Math.floor(i / 250);
      if (!blobOf.has(c)) blobOf.set(c, b);
      expect(blobOf.get(c)).toBe(b);
    });
  });
});
