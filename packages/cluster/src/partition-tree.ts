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
    const split = gapAwareSplit(order, start, end, mLeft, m, proj);
    stack.push(split, end, m - mLeft, start, split, mLeft);
  }
  return cellOf;
}

/**
 * Split index near the balanced rank (start + size·mLeft/m) that prefers a gap: within a
 * window of ±20% of the node, the cut goes to the largest gap between consecutive
 * projections, discounted by its distance from the balanced rank. Cells then follow
 * empty space between groups instead of straddling it, while sizes stay within ±20%.
 */
function gapAwareSplit(order: Int32Array, start: number, end: number, mLeft: number, m: number, proj: Float64Array): number {
  const size = end - start;
  const target = start + Math.round((size * mLeft) / m);
  let w = Math.floor(0.2 * size);
  w = Math.min(w, target - start - mLeft, end - target - (m - mLeft));
  if (w < 2) {
    selectByKey(order, start, end, target, proj);
    return target;
  }
  const lo = target - w;
  const hi = target + w;
  selectByKey(order, start, end, lo, proj);
  selectByKey(order, lo + 1, end, hi, proj);
  const seg = Array.from(order.subarray(lo, hi + 1));
  seg.sort((a, b) => proj[a] - proj[b] || a - b);
  order.set(seg, lo);
  let best = target;
  let bestScore = -1;
  for (let r = lo + 1; r <= hi; r++) {
    const gap = proj[order[r]] - proj[order[r - 1]];
    const score = gap * (1 - Math.abs(r - target) / (2 * w));
    if (score > bestScore) {
      bestScore = score;
      best = r;
    }
  }
  return best;
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
