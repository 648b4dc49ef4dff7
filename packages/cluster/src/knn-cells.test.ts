import { Rng } from '@cuts/core';
import { describe, expect, it } from 'vitest';
import { rowSqNorms, sqDist } from './distance.js';
import { scanCell, scanCellPair, type Candidates } from './knn-cells.js';

const fresh = (n: number): Candidates => ({ d: new Float64Array(n), i: new Int32Array(n), m: 0 });

describe('scanCell / scanCellPair', () => {
  const rng = new Rng(8);
  const n = 23; // cells of odd sizes exercise the 4-wide blocks and the remainder
  const dim = 13;
  const x = rng.fillNormal(new Float32Array(n * dim));
  const norms = rowSqNorms(x, n, dim);

  it('lists every member but the query, in member order, with its squared distance', () => {
    const out = fresh(n);
    out.m = 2; // appends after what is already there
    scanCell(x, norms, dim, 5, 3, 14, out);
    expect(out.m).toBe(2 + 10);
    expect(Array.from(out.i.subarray(2, 12))).toEqual([3, 4, 6, 7, 8, 9, 10, 11, 12, 13]);
    for (let r = 2; r < 12; r++) expect(out.d[r]).toBeCloseTo(sqDist(x, 5, x, out.i[r], dim), 9);
  });

  it('gives both queries of a pair bit-identical candidates to two single scans', () => {
    for (const [a0, a1, lo, hi] of [
      [0, 1, 0, 23],
      [4, 9, 2, 11],
      [20, 21, 0, 7],
      [3, 4, 3, 5],
    ]) {
      const s0 = fresh(n);
      const s1 = fresh(n);
      scanCell(x, norms, dim, a0, lo, hi, s0);
      scanCell(x, norms, dim, a1, lo, hi, s1);
      const p0 = fresh(n);
      const p1 = fresh(n);
      scanCellPair(x, norms, dim, a0, a1, lo, hi, p0, p1);
      expect(p0.m).toBe(s0.m);
      expect(p1.m).toBe(s1.m);
      expect(Array.from(p0.d.subarray(0, p0.m))).toEqual(Array.from(s0.d.subarray(0, s0.m)));
      expect(Array.from(p1.d.subarray(0, p1.m))).toEqual(Array.from(s1.d.subarray(0, s1.m)));
      expect(Array.from(p0.i.subarray(0, p0.m))).toEqual(Array.from(s0.i.subarray(0, s0.m)));
      expect(Array.from(p1.i.subarray(0, p1.m))).toEqual(Array.from(s1.i.subarray(0, s1.m)));
    }
  });
});
