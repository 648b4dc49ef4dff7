import { Rng, type EmbeddingMatrix } from '@cuts/core';
import { sqDist, type Floats } from './distance.js';
import { assertClusterCount, assertMatrix } from './validate.js';

/** Options of `kmeans` (only `k` is required). */
export interface KmeansOptions {
  /** Number of clusters (1 ≤ k ≤ rows). */
  k: number;
  /** Independent k-means++ starts; the lowest-inertia run wins. Default 10. */
  restarts?: number;
  /** Lloyd iterations per start. Default 300. */
  maxIterations?: number;
  /**
   * Stop when every centroid moved less than `tolerance × mean per-column variance`
   * (squared distance, scale-free like scikit-learn). Default 1e-6.
   */
  tolerance?: number;
  /** Seed of the k-means++ draws. Default 0. */
  seed?: number;
  /** Start from these k × dim centroids instead of k-means++ (one run, no restarts). */
  initialCentroids?: Floats;
  /**
   * Restarts are screened on a random subset of this many rows; only the best start is
   * then run to convergence on all rows. 0 (default) runs every start on all rows.
   */
  screenRows?: number;
}

/** What `kmeans` returns: labels, centroids, inertia and cluster sizes. */
export interface KmeansResult {
  /** Cluster of every row, 0..k-1. */
  labels: Int32Array;
  /** k × dim centroids, row-major. */
  centroids: Float64Array;
  k: number;
  dim: number;
  /** Sum of squared distances of rows to their centroid. */
  inertia: number;
  /** Lloyd iterations of the winning run. */
  iterations: number;
  /** Rows per cluster. */
  sizes: Int32Array;
}

/** Defaults of `kmeans`'s options. */
export const kmeansDefaults = { restarts: 10, maxIterations: 300, tolerance: 1e-6, seed: 0, screenRows: 0 } as const;

/**
 * k-means (Lloyd with Hamerly's bounds, k-means++ starts, several restarts) on any
 * N × D float32 matrix. Empty clusters are re-seeded at the point farthest from its
 * centroid. Deterministic for a given seed.
 */
export function kmeans(matrix: EmbeddingMatrix, options: KmeansOptions): KmeansResult {
  assertMatrix(matrix);
  assertClusterCount(options.k, matrix.rows, 'kmeans.k');
  return kmeansOnBuffer(matrix.data, matrix.rows, matrix.dim, options);
}

/** Same as {@link kmeans} on a raw buffer (no input checks; internal callers). */
export function kmeansOnBuffer(data: Floats, n: number, dim: number, options: KmeansOptions): KmeansResult {
  const o = { ...kmeansDefaults, ...options };
  const k = o.k;
  const tol = o.tolerance * meanColumnVariance(data, n, dim);
  if (o.initialCentroids) {
    if (o.initialCentroids.length !== k * dim) throw new RangeError(`initialCentroids must hold k × dim = ${k * dim} values`);
    return lloyd(data, n, dim, Float64Array.from(o.initialCentroids), k, o.maxIterations, tol);
  }
  const rng = new Rng(o.seed);
  const restarts = Math.max(1, o.restarts);
  if (o.screenRows > 0 && o.screenRows < n && restarts > 1) {
    // Screening: every start runs on a random subset of rows, in a random 32-d projection
    // when dim > 32 (Johnson–Lindenstrauss: inertias keep their order well enough to rank
    // starts); the winner's centroids, recomputed in full dimension, start the full run.
    const sub = Math.max(o.screenRows, k);
    const pick = rng.permutation(n).slice(0, sub).sort((a, b) => a - b);
    const subset = new Float32Array(sub * dim);
    for (let r = 0; r < sub; r++) subset.set(data.subarray(pick[r] * dim, pick[r] * dim + dim), r * dim);
    const pdim = Math.min(dim, 32);
    const projected = pdim < dim ? randomProjection(subset, sub, dim, pdim, rng) : subset;
    let best: KmeansResult | null = null;
    for (let r = 0; r < restarts; r++) {
      const init = kmeansPlusPlus(projected, sub, pdim, k, rng);
      const run = lloyd(projected, sub, pdim, init, k, o.maxIterations, tol * (pdim / dim));
      if (!best || run.inertia < best.inertia) best = run;
    }
    const start = new Float64Array(k * dim);
    const counts = new Int32Array(k);
    for (let r = 0; r < sub; r++) {
      const c = best!.labels[r];
      counts[c]++;
      for (let t = 0; t < dim; t++) start[c * dim + t] += subset[r * dim + t];
    }
    for (let c = 0; c < k; c++) for (let t = 0; t < dim; t++) start[c * dim + t] /= Math.max(1, counts[c]);
    return lloyd(data, n, dim, start, k, o.maxIterations, tol);
  }
  let best: KmeansResult | null = null;
  for (let r = 0; r < restarts; r++) {
    const init = kmeansPlusPlus(data, n, dim, k, rng);
    const run = lloyd(data, n, dim, init, k, o.maxIterations, tol);
    if (!best || run.inertia < best.inertia) best = run;
  }
  return best!;
}

/** rows × dim → rows × out through a Gaussian matrix scaled by 1/√out (distances kept in expectation). */
function randomProjection(data: Floats, rows: number, dim: number, out: number, rng: Rng): Float32Array {
  const R = rng.fillNormal(new Float64Array(dim * out), 0, 1 / Math.sqrt(out));
  const res = new Float32Array(rows * out);
  for (let i = 0; i < rows; i++) {
    for (let t = 0; t < dim; t++) {
      const v = data[i * dim + t];
      const ro = t * out;
      for (let j = 0; j < out; j++) res[i * out + j] += v * R[ro + j];
    }
  }
  return res;
}

/** k-means++ seeding (Arthur & Vassilvitskii 2007): D² sampling. */
export function kmeansPlusPlus(data: Floats, n: number, dim: number, k: number, rng: Rng): Float64Array {
  const centers = new Float64Array(k * dim);
  const d2 = new Float64Array(n);
  let first = rng.int(0, n);
  copyRow(data, first, centers, 0, dim);
  let total = 0;
  for (let i = 0; i < n; i++) {
    d2[i] = sqDist(data, i, centers, 0, dim);
    total += d2[i];
  }
  for (let c = 1; c < k; c++) {
    let chosen = -1;
    if (total > 0) {
      let target = rng.next() * total;
      for (let i = 0; i < n; i++) {
        target -= d2[i];
        if (target < 0) {
          chosen = i;
          break;
        }
      }
      if (chosen < 0) for (let i = n - 1; i >= 0; i--) if (d2[i] > 0) { chosen = i; break; }
    }
    if (chosen < 0) chosen = rng.int(0, n); // all points identical to the centres so far
    first = chosen;
    copyRow(data, chosen, centers, c, dim);
    total = 0;
    for (let i = 0; i < n; i++) {
      const d = sqDist(data, i, centers, c, dim);
      if (d < d2[i]) d2[i] = d;
      total += d2[i];
    }
  }
  return centers;
}

/**
 * Lloyd iterations from the given centres, accelerated with Elkan's (2003) triangle-
 * inequality bounds (one upper bound per row, one lower bound per row and centre).
 * Same fixed point as plain Lloyd: every assignment step is exact.
 */
export function lloyd(data: Floats, n: number, dim: number, centers: Float64Array, k: number, maxIterations: number, tol: number): KmeansResult {
  const labels = new Int32Array(n);
  const upper = new Float64Array(n);
  const lower = new Float64Array(n * k);
  const sums = new Float64Array(k * dim);
  const counts = new Int32Array(k);
  const half = new Float64Array(k);
  const cc = new Float64Array(k * k);
  const shift = new Float64Array(k);
  const old = new Float64Array(k * dim);
  const dist = new Float64Array(k);

  // Initial full assignment (blocked kernel over all centres).
  for (let i = 0; i < n; i++) {
    allDistances(data, i, centers, k, dim, dist);
    let a = 0;
    for (let c = 0; c < k; c++) {
      const d = Math.sqrt(dist[c]);
      lower[i * k + c] = d;
      if (d < lower[i * k + a]) a = c;
    }
    labels[i] = a;
    upper[i] = lower[i * k + a];
    counts[a]++;
    const o = i * dim;
    const s = a * dim;
    for (let t = 0; t < dim; t++) sums[s + t] += data[o + t];
  }

  let iterations = 0;
  for (;;) {
    iterations++;
    // M-step: new centres, re-seeding empty clusters.
    old.set(centers);
    let reseeded = false;
    for (let c = 0; c < k; c++) {
      if (counts[c] === 0) {
        reseedEmpty(data, n, dim, centers, labels, upper, sums, counts, c);
        reseeded = true;
      }
    }
    let maxShiftSq = 0;
    for (let c = 0; c < k; c++) {
      const s = c * dim;
      const inv = 1 / counts[c];
      let m = 0;
      for (let t = 0; t < dim; t++) {
        const v = sums[s + t] * inv;
        const dv = v - old[s + t];
        m += dv * dv;
        centers[s + t] = v;
      }
      if (m > maxShiftSq) maxShiftSq = m;
      shift[c] = Math.sqrt(m);
    }
    if ((maxShiftSq <= tol && !reseeded) || iterations >= maxIterations) break;

    // Bounds follow the centre moves.
    for (let i = 0; i < n; i++) {
      upper[i] += shift[labels[i]];
      const o = i * k;
      for (let c = 0; c < k; c++) {
        const v = lower[o + c] - shift[c];
        lower[o + c] = v > 0 ? v : 0;
      }
    }
    // Centre-to-centre distances.
    for (let c = 0; c < k; c++) {
      let m = Infinity;
      for (let c2 = 0; c2 < k; c2++) {
        if (c2 === c) continue;
        const d = c2 < c ? cc[c2 * k + c] : Math.sqrt(sqDist(centers, c, centers, c2, dim));
        cc[c * k + c2] = d;
        if (d < m) m = d;
      }
      half[c] = 0.5 * m;
    }
    // E-step with Elkan's pruning.
    for (let i = 0; i < n; i++) {
      let a = labels[i];
      let u = upper[i];
      if (u <= half[a]) continue;
      const o = i * k;
      let stale = true;
      for (let c = 0; c < k; c++) {
        if (c === a || u <= lower[o + c] || u <= 0.5 * cc[a * k + c]) continue;
        if (stale) {
          u = Math.sqrt(sqDist(data, i, centers, a, dim));
          lower[o + a] = u;
          stale = false;
          if (u <= lower[o + c] || u <= 0.5 * cc[a * k + c]) continue;
        }
        const d = Math.sqrt(sqDist(data, i, centers, c, dim));
        lower[o + c] = d;
        if (d < u) {
          u = d;
          a = c;
        }
      }
      upper[i] = u;
      if (a !== labels[i]) {
        moveRow(data, i, dim, labels[i], a, sums, counts);
        labels[i] = a;
      }
    }
  }
  return { labels, centroids: centers, k, dim, inertia: inertiaOf(data, n, dim, centers, labels), iterations, sizes: counts };
}

/** Squared distances from row `i` to all k centres, four centres per pass over the row. */
export function allDistances(data: Floats, i: number, centers: Floats, k: number, dim: number, out: Float64Array): void {
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

function reseedEmpty(
  data: Floats, n: number, dim: number, centers: Float64Array, labels: Int32Array,
  upper: Float64Array, sums: Float64Array, counts: Int32Array, empty: number,
): void {
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
  moveRow(data, far, dim, labels[far], empty, sums, counts);
  labels[far] = empty;
  upper[far] = 0;
}

function moveRow(data: Floats, i: number, dim: number, from: number, to: number, sums: Float64Array, counts: Int32Array): void {
  const o = i * dim;
  const sf = from * dim;
  const st = to * dim;
  for (let t = 0; t < dim; t++) {
    const v = data[o + t];
    sums[sf + t] -= v;
    sums[st + t] += v;
  }
  counts[from]--;
  counts[to]++;
}

/** Sum of squared distances of each row to its assigned centre. */
export function inertiaOf(data: Floats, n: number, dim: number, centers: Floats, labels: Int32Array): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += sqDist(data, i, centers, labels[i], dim);
  return s;
}

function meanColumnVariance(data: Floats, n: number, dim: number): number {
  const mean = new Float64Array(dim);
  const sq = new Float64Array(dim);
  for (let i = 0; i < n; i++) {
    const o = i * dim;
    for (let t = 0; t < dim; t++) {
      const v = data[o + t];
      mean[t] += v;
      sq[t] += v * v;
    }
  }
  let total = 0;
  for (let t = 0; t < dim; t++) {
    const m = mean[t] / n;
    total += Math.max(0, sq[t] / n - m * m);
  }
  return total / dim;
}

function copyRow(src: Floats, i: number, dst: Float64Array, j: number, dim: number): void {
  for (let t = 0; t < dim; t++) dst[j * dim + t] = src[i * dim + t];
}
