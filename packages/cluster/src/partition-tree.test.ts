import { describe, expect, it } from 'vitest';
import { Rng } from '@cuts/core';
import { project, sortByKeyThenId } from './partition-tree.js';

describe('partition-tree kernels', () => {
  it('project matches one row at a time bit for bit (any count, any order)', () => {
    const rng = new Rng(21);
    for (const [n, dim] of [
      [1, 3],
      [7, 5],
      [50, 100],
    ]) {
      const data = Float32Array.from(rng.fillNormal(new Float64Array(n * dim)));
      const dir = rng.fillNormal(new Float64Array(dim));
      const order = Int32Array.from({ length: n }, (_, i) => (i * 3 + 1) % n);
      const proj = new Float64Array(n);
      project(data, dim, order, 0, n, dir, proj);
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let t = 0; t < dim; t++) s += data[i * dim + t] * dir[t];
        expect(proj[i]).toBe(s);
      }
    }
  });

  it('sortByKeyThenId gives the comparator sort’s order, ties by id (signed zeros tie)', () => {
    const rng = new Rng(22);
    for (const len of [0, 1, 2, 9, 17, 100, 1001]) {
      const key = Float64Array.from({ length: 2000 }, () => Math.round(rng.normal(0, 3)) / 2);
      key[5] = -0;
      key[6] = 0;
      const ids = Int32Array.from({ length: 1200 }, (_, i) => (i * 577) % 2000);
      const start = 40;
      const end = Math.min(ids.length, start + len);
      const expected = Array.from(ids.subarray(start, end)).sort((a, b) => key[a] - key[b] || a - b);
      const got = ids.slice();
      sortByKeyThenId(got, start, end, key);
      expect(Array.from(got.subarray(start, end))).toEqual(expected);
      expect(Array.from(got.subarray(0, start))).toEqual(Array.from(ids.subarray(0, start)));
      expect(Array.from(got.subarray(end))).toEqual(Array.from(ids.subarray(end)));
    }
  });
});
