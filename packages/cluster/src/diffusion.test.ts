import { createEmbeddingMatrix } from '@cuts/core';
import { describe, expect, it } from 'vitest';
import { diffusionCondensation, expandLevel, type CondensationStack } from './diffusion.js';
import { persistentMap, persistentStructures } from './persistent.js';
import { spectralPotential } from './spectral.js';
import { gaussianBlobs, samePartition } from './test-utils/blobs.js';

const side = 32;
/** Four quadrants of a 32 × 32 image, each one Gaussian blob. */
const quadrant = (row: number): number => (Math.floor(row / side) < side / 2 ? 0 : 2) + (row % side < side / 2 ? 0 : 1);
const small = { landmarks: 200, knn: 15, pcaComponents: 0 };

function nestedStack(stack: CondensationStack): boolean {
  for (let l = 0; l + 1 < stack.assignments.length; l++) {
    const fine = stack.assignments[l];
    const coarse = stack.assignments[l + 1];
    const parent = new Map<number, number>();
    for (let p = 0; p < fine.length; p++) {
      const seen = parent.get(fine[p]);
      if (seen === undefined) parent.set(fine[p], coarse[p]);
      else if (seen !== coarse[p]) return false;
    }
  }
  return true;
}

describe('diffusionCondensation', () => {
  const { matrix, truth } = gaussianBlobs(4, (side * side) / 4, 16, 12, { truthOf: quadrant });
  const result = diffusionCondensation(matrix, { height: side, width: side }, { ...small, seed: 3 });

  it('builds a nested stack from many clusters to one', () => {
    const { assignments } = result.stack;
    expect(new Set(assignments[0]).size).toBe(result.points);
    expect(result.points).toBe(200);
    expect(new Set(assignments[assignments.length - 1]).size).toBe(1);
    expect(nestedStack(result.stack)).toBe(true);
    expect(result.gradient.length).toBe(assignments.length - 1);
  });

  it('recovers the four blobs exactly at a salient level, and in the persistent map', () => {
    expect(result.salientLevels.length).toBeGreaterThan(0);
    expect(result.levels.length).toBe(result.salientLevels.length);
    const exact = result.levels.filter((m) => samePartition(m.data, truth));
    expect(exact.length).toBeGreaterThan(0);
    const fourLevel = result.levels.findIndex((m) => new Set(m.data).size === 4);
    expect(samePartition(result.levels[fourLevel].data, truth)).toBe(true);
    // Persistent map: no structure straddles two blobs, and the four blobs are structures.
    const { map, structures } = persistentStructures(result.levels);
    const blobOf = new Map<number, number>();
    map.data.forEach((label, p) => {
      if (label === 0) return;
      if (!blobOf.has(label)) blobOf.set(label, truth[p]);
      expect(blobOf.get(label)).toBe(truth[p]);
    });
    expect(structures.every((st) => st.persistence >= 2)).toBe(true);
    // The four-cluster level through the persistent-map painter (persistence 1 allowed) is the truth.
    const single = persistentMap([result.levels[fourLevel]], { minPersistence: 1 });
    expect(samePartition(single.data, truth)).toBe(true);
    // Salient maps are the stack's levels expanded to pixels.
    const l = result.salientLevels[0];
    expect(Array.from(expandLevel(result.stack, l).data)).toEqual(Array.from(result.levels[0].data));
  });

  it('condenses a given potential (the spectral one) instead of building its own', () => {
    const pot = spectralPotential(matrix, { knn: 15, landmarks: 120, pcaComponents: 0, seed: 3 });
    const given = diffusionCondensation(matrix, { height: side, width: side }, { ...small, seed: 3 }, pot);
    // its coarse points are the given potential's 120 landmark cells, not 200 of its own
    expect(given.points).toBe(120);
    expect(Array.from(given.stack.pointOf)).toEqual(Array.from(pot.cellOf));
    expect(nestedStack(given.stack)).toBe(true);
    const fourLevel = given.levels.findIndex((m) => new Set(m.data).size === 4);
    expect(samePartition(given.levels[fourLevel].data, truth)).toBe(true);
  });

  it('is deterministic under a seed', () => {
    const again = diffusionCondensation(matrix, { height: side, width: side }, { ...small, seed: 3 });
    expect(again.salientLevels).toEqual(result.salientLevels);
    expect(Array.from(again.gradient)).toEqual(Array.from(result.gradient));
  });

  it('rejects a grid that does not match the matrix, NaN rows and empty input', () => {
    expect(() => diffusionCondensation(matrix, { height: 30, width: 32 })).toThrow(
      /grid: 30 × 32 = 960 pixels but the matrix has 1024 rows/,
    );
    const bad = createEmbeddingMatrix(4, 2, Float32Array.from([0, 1, 2, 3, Number.NaN, 5, 6, 7]));
    expect(() => diffusionCondensation(bad, { height: 2, width: 2 })).toThrow(/row 2, column 0 is NaN/);
    expect(() => diffusionCondensation(createEmbeddingMatrix(0, 3), { height: 0, width: 0 })).toThrow(/empty matrix/);
  });
});
