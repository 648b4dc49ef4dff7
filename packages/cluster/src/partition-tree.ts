import type { Rng } from '@cuts/core';
import { sqDist, type Floats } from './distance.js';

/**
 * Splits n points into `cells` balanced groups by recursive bisection: each node is cut
 * at a rank along its approximate diameter (farthest point from a random point, then
 * the farthest point from that one), so cells are compact and sizes differ by ≤ 1.
 * Cost O(n · dim · log cells). Returns the cell of every point (0..cells-1).
 */
export function balancedPartition(data: Floats, n: number, dim: number, cells: number, rng: Rng): Int32Array {
  const cellOf = new Int32Array(n);
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const proj = new Float64Array(n);
  const dir = new Float64Array(dim);
  let nextCell = 0;
  // Explicit stack of [start, end, cellCount].
  const stack: number[] = [0, n, Math.max(1, Math.min(cells, n))];
  while (stack.length > 0) {
    const m = stack.pop()!;
    const end = stack.pop()!;
    const start = stack.pop()!;
    if (m === 1 || end - start <= 1) {
      for (let r = start; r < end; r++) cellOf[order[r]] = nextCell;
      nextCell++;
      continue;
    }
    const a = order[start + rng.int(0, end - start)];
    const b = farthest(data, dim, order, start, end, a);
    const c = farthest(data, dim, order, start, end, b);
    for (let t = 0; t < dim; t++) dir[t] = data[c * dim + t] - data[b * dim + t];
    for (let r = start; r < end; r++) {
      const o = order[r] * dim;
      let s = 0;
      for (let t = 0; t < dim; t++) s += data[o + t] * dir[t];
      proj[order[r]] = s;
    }
    const mLeft = m >> 1;
    const split = start + Math.round(((end - start) * mLeft) / m);
    selectByKey(order, start, end, split, proj);
    stack.push(split, end, m - mLeft, start, split, mLeft);
  }
  return cellOf;
}

function farthest(data: Floats, dim: number, order: Int32Array, start: number, end: number, from: number): number {
  let best = from;
  let bestD = -1;
  for (let r = start; r < end; r++) {
    const d = sqDist(data, order[r], data, from, dim);
    if (d > bestD) {
      bestD = d;
      best = order[r];
    }
  }
  return best;
}

/** Rearranges idx[start, end) so that idx[kth] has the kth smallest key (Hoare quickselect). */
export function selectByKey(idx: Int32Array, start: number, end: number, kth: number, key: Floats): void {
  let lo = start;
  let hi = end - 1;
  while (hi > lo) {
    const pivot = key[idx[(lo + hi) >> 1]];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (key[idx[i]] < pivot) i++;
      while (key[idx[j]] > pivot) j--;
      if (i <= j) {
        const tmp = idx[i];
        idx[i] = idx[j];
        idx[j] = tmp;
        i++;
        j--;
      }
    }
    if (kth <= j) hi = j;
    else if (kth >= i) lo = i;
    else return;
  }
}
