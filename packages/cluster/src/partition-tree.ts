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
    project(data, dim, order, start, end, dir, proj);
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
function gapAwareSplit(
  order: Int32Array,
  start: number,
  end: number,
  mLeft: number,
  m: number,
  proj: Float64Array,
): number {
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
  sortByKeyThenId(order, lo, hi + 1, proj);
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

/**
 * proj[i] = row i · dir for the rows order[start..end), four rows per pass: four independent
 * sums (each still added in column order, so bit-identical to one row at a time) instead of
 * one dependency chain.
 */
export function project(
  data: Floats,
  dim: number,
  order: Int32Array,
  start: number,
  end: number,
  dir: Float64Array,
  proj: Float64Array,
): void {
  let r = start;
  for (; r + 4 <= end; r += 4) {
    const o0 = order[r] * dim;
    const o1 = order[r + 1] * dim;
    const o2 = order[r + 2] * dim;
    const o3 = order[r + 3] * dim;
    let s0 = 0,
      s1 = 0,
      s2 = 0,
      s3 = 0;
    for (let t = 0; t < dim; t++) {
      const d = dir[t];
      s0 += data[o0 + t] * d;
      s1 += data[o1 + t] * d;
      s2 += data[o2 + t] * d;
      s3 += data[o3 + t] * d;
    }
    proj[order[r]] = s0;
    proj[order[r + 1]] = s1;
    proj[order[r + 2]] = s2;
    proj[order[r + 3]] = s3;
  }
  for (; r < end; r++) {
    const o = order[r] * dim;
    let s = 0;
    for (let t = 0; t < dim; t++) s += data[o + t] * dir[t];
    proj[order[r]] = s;
  }
}

/**
 * Sorts idx[start, end) by (key[id], id) ascending — the order of
 * `sort((a, b) => key[a] - key[b] || a - b)` — with a bottom-up merge sort on typed
 * arrays (no comparator calls).
 */
export function sortByKeyThenId(idx: Int32Array, start: number, end: number, key: Float64Array): void {
  const len = end - start;
  if (len < 2) return;
  let src = idx.slice(start, end);
  let dst = new Int32Array(len);
  const before = (a: number, b: number): boolean => key[a] < key[b] || (key[a] === key[b] && a < b);
  // runs of 8 by insertion sort, then merges
  const RUN = 8;
  for (let r0 = 0; r0 < len; r0 += RUN) {
    const r1 = Math.min(len, r0 + RUN);
    for (let i = r0 + 1; i < r1; i++) {
      const v = src[i];
      let j = i - 1;
      while (j >= r0 && before(v, src[j])) {
        src[j + 1] = src[j];
        j--;
      }
      src[j + 1] = v;
    }
  }
  for (let width = RUN; width < len; width *= 2) {
    for (let lo = 0; lo < len; lo += 2 * width) {
      const mid = Math.min(len, lo + width);
      const hi = Math.min(len, lo + 2 * width);
      let i = lo;
      let j = mid;
      let o = lo;
      while (i < mid && j < hi) dst[o++] = before(src[j], src[i]) ? src[j++] : src[i++];
      while (i < mid) dst[o++] = src[i++];
      while (j < hi) dst[o++] = src[j++];
    }
    const tmp = src;
    src = dst;
    dst = tmp;
  }
  idx.set(src, start);
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
