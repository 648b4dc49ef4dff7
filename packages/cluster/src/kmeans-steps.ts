/** Shared steps of the Lloyd iterations in kmeans.ts (distances, moving a row, empty clusters, inertia). */
import { sqDist, type Floats } from './distance.js';

/** Squared distances from row `i` to all k centres, four centres per pass over the row. */
export function allDistances(
  data: Floats,
  i: number,
  centers: Floats,
  k: number,
  dim: number,
  out: Float64Array,
): void {
  const o = i * dim;
  let j = 0;
  for (; j + 4 <= k; j += 4) {
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    const c0 = j * dim;
    const c1 = c0 + dim;
    const c2 = c1 + dim;
    const c3 = c2 + dim;
    for (let t = 0; t < dim; t++) {
      const v = data[o + t];
      const e0 = v - centers[c0 + t];
      const e1 = v - centers[c1 + t];
      const e2 = v - centers[c2 + t];
      const e3 = v - centers[c3 + t];
      s0 += e0 * e0;
      s1 += e1 * e1;
      s2 += e2 * e2;
      s3 += e3 * e3;
    }
    out[j] = s0;
    out[j + 1] = s1;
    out[j + 2] = s2;
    out[j + 3] = s3;
  }
  for (; j < k; j++) out[j] = sqDist(data, i, centers, j, dim);
}

/** Per-cluster running totals of {@link lloyd}: coordinate sums, row counts, weight sums. */
export interface ClusterTotals {
  sums: Float64Array;
  counts: Int32Array;
  mass: Float64Array;
  weights: Floats | undefined;
}

export function reseedEmpty(
  data: Floats,
  n: number,
  dim: number,
  centers: Float64Array,
  labels: Int32Array,
  upper: Float64Array,
  totals: ClusterTotals,
  empty: number,
): void {
  const { counts } = totals;
  // The point farthest from its own centre (exact distances), taken from a cluster with > 1 member.
  let far = -1;
  let farD = -1;
  for (let i = 0; i < n; i++) {
    if (counts[labels[i]] <= 1) continue;
    const d = sqDist(data, i, centers, labels[i], dim);
    if (d > farD) {
      farD = d;
      far = i;
    }
  }
  if (far < 0) return;
  moveRow(data, far, dim, labels[far], empty, totals);
  labels[far] = empty;
  upper[far] = 0;
}

export function moveRow(data: Floats, i: number, dim: number, from: number, to: number, totals: ClusterTotals): void {
  const { sums, counts, mass, weights } = totals;
  const w = weights ? weights[i] : 1;
  const o = i * dim;
  const sf = from * dim;
  const st = to * dim;
  for (let t = 0; t < dim; t++) {
    const v = w * data[o + t];
    sums[sf + t] -= v;
    sums[st + t] += v;
  }
  counts[from]--;
  counts[to]++;
  mass[from] -= w;
  mass[to] += w;
}

/** Sum of squared distances of each row to its assigned centre (each × its weight, with `weights`). */
export function inertiaOf(
  data: Floats,
  n: number,
  dim: number,
  centers: Floats,
  labels: Int32Array,
  weights?: Floats,
): number {
  let s = 0;
  if (weights) for (let i = 0; i < n; i++) s += weights[i] * sqDist(data, i, centers, labels[i], dim);
  else for (let i = 0; i < n; i++) s += sqDist(data, i, centers, labels[i], dim);
  return s;
}
