import { createEmbeddingMatrix } from '@cuts/core';
import { describe, expect, it } from 'vitest';
import { spectralKmeans, spectralPotential } from './spectral.js';
import { gaussianBlobs, samePartition } from './test-utils/blobs.js';

// Few landmarks per blob so that t = 2 mixes each blob (landmark operator steps span a blob).
const small = { knn: 30, landmarks: 50, pcaComponents: 0, components: 8 };

describe('spectralKmeans (diffusion-potential k-means)', () => {
  it('recovers well-separated blobs exactly and picks their number without labels', () => {
    const { matrix, truth } = gaussianBlobs(5, 120, 16, 4);
    const r = spectralKmeans(matrix, { ...small, k: 5, seed: 2 });
    expect(r.k).toBe(5);
    expect(samePartition(r.labels, truth)).toBe(true);
    expect(r.chosenK).toBe(5);
    expect(samePartition(r.chosenLabels!, truth)).toBe(true);
    expect(r.silhouettes!.map((s) => s.k)).toEqual([2, 3, 4, 5, 6, 7, 8, 9]);
    expect(r.explainedVariance).toBeGreaterThan(0.9);
  });

  it('reports the label-free k next to a different fixed k', () => {
    const { matrix, truth } = gaussianBlobs(3, 150, 10, 8);
    const r = spectralKmeans(matrix, { ...small, k: 6, seed: 1 });
    expect(new Set(r.labels).size).toBe(6);
    expect(r.chosenK).toBe(3);
    expect(samePartition(r.chosenLabels!, truth)).toBe(true);
    // Every fixed-k cluster lies inside one true blob.
    const owner = new Map<number, number>();
    r.labels.forEach((l, i) => {
      if (!owner.has(l)) owner.set(l, truth[i]);
      expect(owner.get(l)).toBe(truth[i]);
    });
  });

  it('clusters a potential computed beforehand exactly as its own', () => {
    const { matrix } = gaussianBlobs(4, 100, 24, 6, { separation: 3 });
    const o = { ...small, pcaComponents: 8, k: 4, seed: 5 };
    const own = spectralKmeans(matrix, o);
    const given = spectralKmeans(matrix, o, spectralPotential(matrix, o));
    expect(Array.from(given.labels)).toEqual(Array.from(own.labels));
    expect(Array.from(given.chosenLabels!)).toEqual(Array.from(own.chosenLabels!));
    expect(given.silhouettes).toEqual(own.silhouettes);
  });

  it('is deterministic under a seed (with PCA of the input)', () => {
    const { matrix } = gaussianBlobs(4, 100, 24, 6, { separation: 3 });
    const a = spectralKmeans(matrix, { ...small, pcaComponents: 8, k: 4, seed: 5 });
    const b = spectralKmeans(matrix, { ...small, pcaComponents: 8, k: 4, seed: 5 });
    expect(Array.from(a.labels)).toEqual(Array.from(b.labels));
    expect(a.chosenK).toBe(b.chosenK);
  });

  it('rejects bad input', () => {
    const bad = createEmbeddingMatrix(10, 2);
    bad.data[7] = Number.POSITIVE_INFINITY;
    expect(() => spectralKmeans(bad, { k: 2 })).toThrow(/row 3, column 1 is Infinity/);
    expect(() => spectralKmeans(createEmbeddingMatrix(5, 2), { k: 10 })).toThrow(/spectral.k: asks for 10 clusters/);
    expect(() => spectralKmeans(createEmbeddingMatrix(0, 2), { k: 1 })).toThrow(/empty matrix/);
  });
});
