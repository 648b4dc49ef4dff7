import { describe, expect, it } from 'vitest';
import { Rng } from '@cuts/core';
import { sqDist } from './distance.js';
import { buildVerlet, remapVerlet } from './verlet.js';

/** The previous list-based versions (stable Array sort, per-point JS arrays), the reference. */
function naiveBuild(pos: Float64Array, A: number, dim: number, radius: number): number[][] {
  let axis = 0;
  let best = -1;
  for (let t = 0; t < dim; t++) {
    let lo = Infinity;
    let hi = -Infinity;
    for (let a = 0; a < A; a++) {
      lo = Math.min(lo, pos[a * dim + t]);
      hi = Math.max(hi, pos[a * dim + t]);
    }
    if (hi - lo > best) {
      best = hi - lo;
      axis = t;
    }
  }
  const order = Array.from({ length: A }, (_, a) => a).sort((x, y) => pos[x * dim + axis] - pos[y * dim + axis]);
  const lists: number[][] = Array.from({ length: A }, () => []);
  for (let u = 0; u < A; u++) {
    for (let w = u + 1; w < A; w++) {
      const a = order[u];
      const b = order[w];
      if (pos[b * dim + axis] - pos[a * dim + axis] >= radius) break;
      if (sqDist(pos, a, pos, b, dim) < radius * radius) {
        lists[a].push(b);
        lists[b].push(a);
      }
    }
  }
  return lists;
}
function naiveRemap(lists: number[][], A: number, newIndex: Int32Array, count: number): number[][] {
  const out: number[][] = Array.from({ length: count }, () => []);
  const stamp = new Int32Array(count).fill(-1);
  const membersOf: number[][] = Array.from({ length: count }, () => []);
  for (let a = 0; a < A; a++) membersOf[newIndex[a]].push(a);
  for (let g = 0; g < count; g++) {
    stamp[g] = g;
    for (const a of membersOf[g])
      for (const b of lists[a]) {
        const h = newIndex[b];
        if (stamp[h] !== g) {
          stamp[h] = g;
          out[g].push(h);
        }
      }
  }
  return out;
}
const asLists = (v: { ptr: Int32Array; nbr: Int32Array }, count: number): number[][] =>
  Array.from({ length: count }, (_, a) => Array.from(v.nbr.subarray(v.ptr[a], v.ptr[a + 1])));

describe('Verlet lists', () => {
  it('match the list-based sweep exactly (same pairs, same order), ties and duplicates included', () => {
    const rng = new Rng(31);
    for (const [A, dim, radius] of [
      [1, 2, 1],
      [60, 2, 0.4],
      [500, 5, 0.9],
      [300, 12, 2.5],
    ] as const) {
      const pos = rng.fillNormal(new Float64Array(A * dim));
      for (let a = 0; a < A; a += 7) pos[a * dim] = Math.round(pos[a * dim]); // ties on every axis candidate
      if (A > 10) pos.copyWithin(3 * dim, 5 * dim, 6 * dim); // a duplicate point
      const v = buildVerlet(pos, A, dim, radius);
      const expected = naiveBuild(pos, A, dim, radius);
      expect(asLists(v, A)).toEqual(expected);
      // merge random groups and remap
      const count = Math.max(1, Math.floor(A / 3));
      const newIndex = Int32Array.from({ length: A }, (_, a) => (a < count ? a : Math.floor(rng.next() * count)));
      expect(asLists(remapVerlet(v, A, newIndex, count), count)).toEqual(naiveRemap(expected, A, newIndex, count));
    }
  });
});
