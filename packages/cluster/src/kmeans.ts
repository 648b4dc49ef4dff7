import { Rng, type EmbeddingMatrix } from '@cuts/core';
import { sqDist, type Floats } from './distance.js';
import { assertKmeansOptions, kmeansDefaults, type KmeansOptions, type KmeansResult } from './kmeans-options.js';
import { kmeansPlusPlus, weightedKmeansPlusPlus } from './kmeans-seeding.js';
import { assertClusterCount, assertMatrix } from './validate.js';

export { kmeansDefaults } from './kmeans-options.js';
export type { KmeansOptions, KmeansResult } from './kmeans-options.js';
export { kmeansPlusPlus } from './kmeans-seeding.js';

/**
 * k-means (Lloyd with Elkan's bounds, k-means++ starts, several restarts) on any
 * N × D matrix (float32, or float64 values in the same shape). Empty clusters are
 * re-seeded at the point farthest from its centroid. Deterministic for a given seed.
 */
export function kmeans(
  matrix: EmbeddingMatrix | { readonly rows: number; readonly dim: number; readonly data: Float64Array },
  options: KmeansOptions,
): KmeansResult {
  assertMatrix(matrix as EmbeddingMatrix); // reads rows, dim and the values only: float64 checks the same
  assertClusterCount(options.k, matrix.rows, 'kmeans.k');
  assertKmeansOptions(options, matrix.rows);
  return kmeansOnBuffer(matrix.data, matrix.rows, matrix.dim, options);
}

/** Same as {@link kmeans} on a raw buffer (no input checks; internal callers). */
export function kmeansOnBuffer(data: Floats, n: number, dim: number, options: KmeansOptions): KmeansResult {
  const o = { ...kmeansDefaults, ...options };
  const k = o.k;
  const w = o.weights;
  const tol = o.tolerance * meanColumnVariance(data, n, dim, w);
  if (o.initialCentroids) {
    if (o.initialCentroids.length !== k * dim) throw new RangeError(`initialCentroids must hold k × dim = ${k * dim} values`);
    return lloyd(data, n, dim, Float64Array.from(o.initialCentroids), k, o.maxIterations, tol, { weights: w, convergence: o.convergence });
  }
  const rng = new Rng(o.seed);
  // Weights or greedy trials take the general seeding; the default keeps the plain D² one.
  const seed = (d: Floats, rows: number, dd: number, rw: Floats | undefined): Float64Array =>
    rw || o.localTrials > 1 ? weightedKmeansPlusPlus(d, rows, dd, k, rng, rw, o.localTrials) : kmeansPlusPlus(d, rows, dd, k, rng);
  const restarts = Math.max(1, o.restarts);
  if (o.screenRows > 0 && o.screenRows < n && restarts > 1) {
    // Screening: every start runs on a random subset of rows, in a random 32-d projection
    // when dim > 32 (Johnson–Lindenstrauss: inertias keep their order well enough to rank
    // starts); the winner's centroids, recomputed in full dimension, start the full run.
    const sub = Math.max(o.screenRows, k);
    const pick = rng.permutation(n).slice(0, sub).sort((a, b) => a - b);
    const subset = new Float32Array(sub * dim);
    for (let r = 0; r < sub; r++) subset.set(data.subarray(pick[r] * dim, pick[r] * dim + dim), r * dim);
    const subWeights = w ? Float64Array.from(pick, (i) => w[i]) : undefined;
    const pdim = Math.min(dim, 32);
    const projected = pdim < dim ? randomProjection(subset, sub, dim, pdim, rng) : subset;
    let best: KmeansResult | null = null;
    for (let r = 0; r < restarts; r++) {
      const init = seed(projected, sub, pdim, subWeights);
      const run = lloyd(projected, sub, pdim, init, k, o.maxIterations, tol * (pdim / dim), { weights: subWeights, convergence: o.convergence });
      if (!best || run.inertia < best.inertia) best = run;
    }
    const start = new Float64Array(k * dim);
    const counts = new Float64Array(k);
    for (let r = 0; r < sub; r++) {
      const c = best!.labels[r];
      const rw = subWeights ? subWeights[r] : 1;
      counts[c] += rw;
      for (let t = 0; t < dim; t++) start[c * dim + t] += rw * subset[r * dim + t];
    }
    for (let c = 0; c < k; c++) for (let t = 0; t < dim; t++) start[c * dim + t] /= counts[c] > 0 ? counts[c] : 1;
    return lloyd(data, n, dim, start, k, o.maxIterations, tol, { weights: w, convergence: o.convergence });
  }
  let best: KmeansResult | null = null;
  for (let r = 0; r < restarts; r++) {
    const init = seed(data, n, dim, w);
    const run = lloyd(data, n, dim, init, k, o.maxIterations, tol, { weights: w, convergence: o.convergence });
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

/**
 * Lloyd iterations from the given centres, accelerated with Elkan's (2003) triangle-
 * inequality bounds (one upper bound per row, one lower bound per row and centre).
 * Same fixed point as plain Lloyd: every assignment step is exact. With `weights`, centres
 * are weighted means and the inertia is weighted; `convergence` as in {@link KmeansOptions}.
 */
export function lloyd(
  data: Floats, n: number, dim: number, centers: Float64Array, k: number, maxIterations: number, tol: number,
  extra: { weights?: Floats; convergence?: KmeansOptions['convergence'] } = {},
): KmeansResult {
  const { weights } = extra;
  const sklearn = extra.convergence === 'sklearn';
  const labels = new Int32Array(n);
  const upper = new Float64Array(n);
  const lower = new Float64Array(n * k);
  const sums = new Float64Array(k * dim);
  const counts = new Int32Array(k);
  const mass = new Float64Array(k); // Σ weights per cluster (= counts without weights)
  const totals: ClusterTotals = { sums, counts, mass, weights };
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
    const w = weights ? weights[i] : 1;
    mass[a] += w;
    const o = i * dim;
    const s = a * dim;
    for (let t = 0; t < dim; t++) sums[s + t] += w * data[o + t];
  }

  let iterations = 0;
  let lastPass = false;
  for (;;) {
    iterations++;
    // M-step: new centres, re-seeding empty clusters.
    old.set(centers);
    let reseeded = false;
    for (let c = 0; c < k; c++) {
      if (counts[c] === 0) {
        reseedEmpty(data, n, dim, centers, labels, upper, totals, c);
        reseeded = true;
      }
    }
    let maxShiftSq = 0;
    let totalShiftSq = 0;
    for (let c = 0; c < k; c++) {
      const s = c * dim;
      const inv = 1 / mass[c];
      let m = 0;
      for (let t = 0; t < dim; t++) {
        const v = sums[s + t] * inv;
        const dv = v - old[s + t];
        m += dv * dv;
        centers[s + t] = v;
      }
      if (m > maxShiftSq) maxShiftSq = m;
      totalShiftSq += m;
      shift[c] = Math.sqrt(m);
    }
    if (((sklearn ? totalShiftSq : maxShiftSq) <= tol && !reseeded) || iterations >= maxIterations) {
      // scikit-learn's rule ends with one more assignment step (no centre update), so the
      // labels belong to the final centres; nothing to do when no centre moved.
      if (!sklearn || totalShiftSq === 0) break;
      lastPass = true;
    }

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
        moveRow(data, i, dim, labels[i], a, totals);
        labels[i] = a;
      }
    }
    if (lastPass) break;
  }
  return { labels, centroids: centers, k, dim, inertia: inertiaOf(data, n, dim, centers, labels, weights), iterations, sizes: counts };
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

/** Per-cluster running totals of {@link lloyd}: coordinate sums, row counts, weight sums. */
interface ClusterTotals {
  sums: Float64Array;
  counts: Int32Array;
  mass: Float64Array;
  weights: Floats | undefined;
}

function reseedEmpty(
  data: Floats, n: number, dim: number, centers: Float64Array, labels: Int32Array,
  upper: Float64Array, totals: ClusterTotals, empty: number,
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

function moveRow(data: Floats, i: number, dim: number, from: number, to: number, totals: ClusterTotals): void {
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
export function inertiaOf(data: Floats, n: number, dim: number, centers: Floats, labels: Int32Array, weights?: Floats): number {
  let s = 0;
  if (weights) for (let i = 0; i < n; i++) s += weights[i] * sqDist(data, i, centers, labels[i], dim);
  else for (let i = 0; i < n; i++) s += sqDist(data, i, centers, labels[i], dim);
  return s;
}

/** Mean over columns of the (weighted) population variance. */
function meanColumnVariance(data: Floats, n: number, dim: number, weights?: Floats): number {
  const mean = new Float64Array(dim);
  const sq = new Float64Array(dim);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const w = weights ? weights[i] : 1;
    total += w;
    const o = i * dim;
    for (let t = 0; t < dim; t++) {
      const v = data[o + t];
      mean[t] += w * v;
      sq[t] += w * v * v;
    }
  }
  let sum = 0;
  for (let t = 0; t < dim; t++) {
    const m = mean[t] / total;
    sum += Math.max(0, sq[t] / total - m * m);
  }
  return sum / dim;
}

