import { Rng } from '@cuts/core';
import { describe, expect, it } from 'vitest';
import { duplicatePairs } from './duplicates.js';
import type { PositionSample } from './sampler.js';
import { buildWindowBatch } from './windows.js';

/** 16×16 grey image: flat −1 on the left half, a ramp on the right half. */
function halfFlat(): { width: number; height: number; channels: number; data: Float32Array } {
  const data = new Float32Array(16 * 16);
  for (let y = 0; y < 16; y++) for (let x = 0; x < 16; x++) data[y * 16 + x] = x < 8 ? -1 : (x + y) / 16 - 0.5;
  return { width: 16, height: 16, channels: 1, data };
}

/** One image, three anchors (two in the flat half, one on the ramp) and their positives. */
function sampleOf(positives: [number, number][]): PositionSample {
  return {
    images: 1,
    anchorsPerImage: 3,
    anchorY: Int32Array.from([3, 10, 6]),
    anchorX: Int32Array.from([3, 3, 12]),
    positiveY: Int32Array.from(positives.map((p) => p[0])),
    positiveX: Int32Array.from(positives.map((p) => p[1])),
    fallback: new Uint8Array(3),
  };
}

describe('duplicatePairs', () => {
  const image = halfFlat();
  // positives: anchor 0 → flat (4, 2); anchor 1 → flat (11, 4); anchor 2 → ramp (7, 13)
  const sample = sampleOf([
    [4, 2],
    [11, 4],
    [7, 13],
  ]);

  it('marks rows of different anchors whose 5×5 patches are the same flat pixels, symmetrically', () => {
    const m = duplicatePairs([image], sample, 6, 5, 1e-3)!;
    const r = 6;
    const at = (i: number, j: number) => m[i * r + j];
    // rows: anchors 0, 1, 2, positives 3 (of 0), 4 (of 1), 5 (of 2)
    const flat = [0, 1, 3, 4];
    for (const i of flat) for (const j of flat) expect(at(i, j)).toBe(i !== j && i % 3 !== j % 3 ? 1 : 0);
    // the ramp rows are nobody's duplicate (their patches differ from the flat ones and from each other)
    for (let j = 0; j < r; j++) expect([at(2, j), at(5, j), at(j, 2), at(j, 5)]).toEqual([0, 0, 0, 0]);
    // never on the diagonal, never between an anchor and its own positive
    for (let i = 0; i < r; i++) expect(at(i, i)).toBe(0);
    expect([at(0, 3), at(1, 4)]).toEqual([0, 0]);
  });

  it('follows the threshold: a patch straddling the edge counts only under a looser one', () => {
    // anchor 1's positive at (11, 6): its 5×5 patch covers x = 4…8, one column of the ramp
    const edge = sampleOf([
      [4, 2],
      [11, 6],
      [7, 13],
    ]);
    // column x = 8 of rows 9…13: (8 + y)/16 − 0.5 ∈ 0.5625…0.8125: a mean squared gap to −1 of 0.571
    const tight = duplicatePairs([image], edge, 6, 5, 1e-3)!;
    expect(tight[4 * 6 + 0]).toBe(0);
    const loose = duplicatePairs([image], edge, 6, 5, 0.7)!;
    expect(loose[4 * 6 + 0]).toBe(1);
  });

  it('is off at 0 and absent when no pair qualifies', () => {
    expect(duplicatePairs([image], sample, 6, 5, 0)).toBeUndefined();
    // every patch on the ramp, centred on a different x + y (15, 19, 25, 16, 21, 23)
    const ramp = sampleOf([
      [4, 12],
      [10, 11],
      [11, 12],
    ]);
    ramp.anchorX.set([12, 10, 13]);
    ramp.anchorY.set([3, 9, 12]);
    expect(duplicatePairs([image], ramp, 6, 5, 1e-3)).toBeUndefined();
  });

  it("buildWindowBatch carries the mask per image, augmented views using their anchor's patch", () => {
    const images = [image, image];
    const two: PositionSample = {
      images: 2,
      anchorsPerImage: 3,
      anchorY: Int32Array.from([3, 10, 6, 6, 10, 3]),
      anchorX: Int32Array.from([3, 3, 12, 12, 13, 3]),
      positiveY: Int32Array.from([4, 11, 7, 7, 11, 4]),
      positiveX: Int32Array.from([2, 4, 13, 13, 12, 2]),
      fallback: new Uint8Array(6),
    };
    const batch = buildWindowBatch(images, two, {
      radius: 2,
      patchSize: 5,
      duplicateMse: 1e-3,
      augmentations: [{ name: 'none', kind: 'photometric', apply: () => {} }],
      rng: new Rng(1),
    });
    const r = batch.rowsPerImage;
    expect(r).toBe(9);
    const m = batch.duplicates!;
    expect(m.length).toBe(2 * r * r);
    // image 0: anchors 0 and 1 are flat; so are their views (rows 6, 7) and positives (3, 4)
    expect([m[0 * r + 1], m[6 * r + 1], m[6 * r + 4], m[7 * r + 3]]).toEqual([1, 1, 1, 1]);
    expect(m[6 * r + 0]).toBe(0); // a view and its own anchor stay positives
    // image 1: only anchor 2 (row 2) and its positive and view are flat: no pair of different anchors
    let second = 0;
    for (let e = r * r; e < 2 * r * r; e++) second += m[e];
    expect(second).toBe(0);
    expect(buildWindowBatch(images, two, { radius: 2, patchSize: 5 }).duplicates).toBeUndefined();
  });
});
