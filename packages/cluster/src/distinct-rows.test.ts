import { Rng } from '@cuts/core';
import { describe, expect, it } from 'vitest';
import { createEmbeddingMatrix } from '@cuts/core';
import { diffusionCondensation } from './diffusion.js';
import { distinctRows } from './distinct-rows.js';
import { landmarkCells } from './landmark-cells.js';
import { landmarkPotential } from './landmark-potential.js';
import { balancedPartition } from './partition-tree.js';
import { gaussianBlobs } from './test-utils/blobs.js';

/** n rows of `dim` columns, each a copy of one of `values` (row i takes values[pick(i)]). */
function copies(values: number[][], n: number, pick: (i: number) => number): Float32Array {
  const dim = values[0].length;
  const data = new Float32Array(n * dim);
  for (let i = 0; i < n; i++) data.set(values[pick(i)], i * dim);
  return data;
}

describe('distinctRows', () => {
  it('groups bit-identical rows, numbered by first appearance (checked against a string key)', () => {
    const rng = new Rng(3);
    const values = Array.from({ length: 7 }, () => [rng.normal(), rng.normal(), rng.normal()]);
    const data = copies(values, 500, () => rng.int(0, 7));
    const d = distinctRows(data, 500, 3);
    const seen = new Map<string, number>();
    for (let i = 0; i < 500; i++) {
      const key = Array.from(data.subarray(i * 3, i * 3 + 3)).join(',');
      if (!seen.has(key)) seen.set(key, seen.size);
      expect(d.groupOf[i]).toBe(seen.get(key));
      expect(Array.from(data.subarray(d.firstRow[d.groupOf[i]] * 3, d.firstRow[d.groupOf[i]] * 3 + 3)).join(',')).toBe(
        key,
      );
    }
    expect(d.count).toBe(seen.size);
  });

  it('keeps rows that differ in one bit apart, in float32 and float64 buffers', () => {
    const a = new Float32Array([1, 2, 1, Math.fround(2 + 2 ** -22), 1, 2]);
    expect(Array.from(distinctRows(a, 3, 2).groupOf)).toEqual([0, 1, 0]);
    const b = new Float64Array([0.5, 0.5 + 2 ** -52, 0.5]);
    expect(Array.from(distinctRows(b, 3, 1).groupOf)).toEqual([0, 1, 0]);
  });
});

describe('landmarkCells', () => {
  it('without duplicates is balancedPartition itself (same cells for the same seed)', () => {
    const { matrix } = gaussianBlobs(3, 100, 5, 1);
    const got = landmarkCells(matrix.data, 300, 5, 40, new Rng(9));
    expect(got.L).toBe(40);
    expect(Array.from(got.cellOf)).toEqual(Array.from(balancedPartition(matrix.data, 300, 5, 40, new Rng(9))));
  });

  it('never splits identical rows over several landmarks (flat backgrounds, raw grey pixels)', () => {
    // 4,000 pixels: a flat background (3,000 copies of one value) and 1,000 distinct foreground values.
    const rng = new Rng(4);
    const fg = Array.from({ length: 1000 }, () => [rng.uniform(0, 1)]);
    const data = copies([[-1], ...fg], 4000, (i) => (i < 3000 ? 0 : i - 2999));
    const { L, cellOf } = landmarkCells(data, 4000, 1, 200, new Rng(1));
    expect(L).toBe(200);
    for (let i = 1; i < 3000; i++) expect(cellOf[i]).toBe(cellOf[0]);
    expect(new Set(cellOf).size).toBe(200);
    // fewer distinct rows than landmarks: one landmark per distinct row
    const few = copies([[-1], [0], [1]], 3000, (i) => i % 3);
    const c = landmarkCells(few, 3000, 1, 500, new Rng(1));
    expect(c.L).toBe(3);
    for (let i = 0; i < 3000; i++) expect(c.cellOf[i]).toBe(i % 3);
  });

  it('gives the landmark potential one landmark per distinct row of an L2-normalised grey image', () => {
    // Normalised 1-column rows are all ±1: two landmarks, a row-stochastic 2 × 2 operator.
    const data = copies([[-1], [1]], 5000, (i) => (i % 7 < 4 ? 0 : 1));
    const pot = landmarkPotential(data, 5000, 1, { knn: 100, decay: 40, landmarks: 2000, t: 2, seed: 1 });
    expect(pot.L).toBe(2);
    const P = Array.from(pot.potential, (phi) => Math.exp(-phi) - 1e-7);
    // identical rows only see their own copies: the operator is the identity
    expect(P[0]).toBeCloseTo(1, 5);
    expect(P[3]).toBeCloseTo(1, 5);
    expect(P[1]).toBeCloseTo(0, 5);
  });
});

describe('diffusionCondensation on raw grey pixels (1 column)', () => {
  it('condenses one point per distinct row: rows are L2-normalised to ±1, so a grey image has two', () => {
    // 64² grey image: dark flat background (-1), a brighter disc with 40 grey levels.
    const side = 64;
    const data = new Float32Array(side * side);
    for (let y = 0; y < side; y++) {
      for (let x = 0; x < side; x++) {
        const r = Math.hypot(y - 32, x - 32);
        data[y * side + x] = r < 20 ? 0.2 + ((y * 7 + x * 3) % 40) / 100 : -1;
      }
    }
    const r = diffusionCondensation(
      createEmbeddingMatrix(side * side, 1, data),
      { height: side, width: side },
      { landmarks: 500, knn: 30, seed: 1 },
    );
    expect(r.points).toBe(2);
    // the two points are background and disc
    const map = r.levels[0] ?? { data: new Int32Array(side * side) };
    for (let p = 0; p < side * side; p++) expect(map.data[p] === map.data[0]).toBe(data[p] === -1);
  });
});
