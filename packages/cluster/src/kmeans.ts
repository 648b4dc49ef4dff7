import { Rng, type EmbeddingMatrix } from '@cuts/core';
import { sqDist, type Floats } from './distance.js';
import { assertKmeansOptions, kmeansDefaults, type KmeansOptions, type KmeansResult } from './kmeans-options.js';
import { kmeansPlusPlus, weightedKmeansPlusPlus } from './kmeans-seeding.js';
import { allDistances, inertiaOf, moveRow, reseedEmpty, type ClusterTotals } from './kmeans-steps.js';
import { assertClusterCount, assertMatrix } from './validate.js';

export { kmeansDefaults } from './kmeans-options.js';
export type { KmeansOptions, KmeansResult } from './kmeans-options.js';
export { kmeansPlusPlus } from './kmeans-seeding.js';
export { allDistances, inertiaOf } from './kmeans-steps.js';

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
    if (o.initialCentroids.length !== k * dim)
      throw new RangeError(`initialCentroids must hold k × dim = ${k * dim} values`);
    return lloyd(data, n, dim, Float64Array.from(o.initialCentroids), k, o.maxIterations, tol, {
      weights: w,
      convergence: o.convergence,
      bounds: o.bounds,
    });
  }
  const rng = new Rng(o.seed);
  // Weights or greedy trials take the general seeding; the default keeps the plain D² one.
  const seed = (d: Floats, rows: number, dd: number, rw: Floats | undefined): Float64Array =>
    rw || o.localTrials > 1
      ? weightedKmeansPlusPlus(d, rows, dd, k, rng, rw, o.localTrials)
      : kmeansPlusPlus(d, rows, dd, k, rng);
  const restarts = Math.max(1, o.restarts);
  if (o.screenRows > 0 && o.screenRows < n && restarts > 1) {
    // Screening: every start runs on a random subset of rows, in a random 32-d projection
    // when dim > 32 (Johnson–Lindenstrauss: inertias keep their order well enough to rank
    // starts); the winner's centroids, recomputed in full dimension, start the full run.
    const sub = Math.max(o.screenRows, k);
    const pick = rng
      .permutation(n)
      .slice(0, sub)
      .sort((a, b) => a - b);
    const subset = new Float32Array(sub * dim);
    for (let r = 0; r < sub; r++) subset.set(data.subarray(pick[r] * dim, pick[r] * dim + dim), r * dim);
    const subWeights = w ? Float64Array.from(pick, (i) => w[i]) : undefined;
    const pdim = Math.min(dim, 32);
    const projected = pdim < dim ? randomProjection(subset, sub, dim, pdim, rng) : subset;
    let best: KmeansResult | null = null;
    for (let r = 0; r < restarts; r++) {
      const init = seed(projected, sub, pdim, subWeights);
      const run = lloyd(projected, sub, pdim, init, k, o.maxIterations, tol * (pdim / dim), {
        weights: subWeights,
        convergence: o.convergence,
        bounds: o.bounds,
      });
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
    return lloyd(data, n, dim, start, k, o.maxIterations, tol, {
      weights: w,
      convergence: o.convergence,
      bounds: o.bounds,
    });
  }
  let best: KmeansResult | null = null;
  for (let r = 0; r < restarts; r++) {
    const init = seed(data, n, dim, w);
    const run = lloyd(data, n, dim, init, k, o.maxIterations, tol, {
      weights: w,
      convergence: o.convergence,
      bounds: o.bounds,
    });
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
 * are weighted means and the inertia is weighted; `convergence` and `bounds` (Hamerly's
 * single lower bound per row instead) as in {@link KmeansOptions}.
 */
export function lloyd(
  data: Floats,
  n: number,
  dim: number,
  centers: Float64Array,
  k: number,
  maxIterations: number,
  tol: number,
  extra: { weights?: Floats; convergence?: KmeansOptions['convergence']; bounds?: KmeansOptions['bounds'] } = {},
): KmeansResult {
  const { weights } = extra;
  const sklearn = extra.convergence === 'sklearn';
  const hamerly = extra.bounds === 'hamerly';
  const labels = new Int32Array(n);
  const upper = new Float64Array(n);
  const lower = new Float64Array(hamerly ? n : n * k); // Hamerly: distance to the second-nearest centre
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
    if (hamerly) {
      let d2 = Infinity;
      let d1 = Math.sqrt(dist[0]);
      for (let c = 1; c < k; c++) {
        const d = Math.sqrt(dist[c]);
        if (d < d1) {
          d2 = d1;
          d1 = d;
          a = c;
        } else if (d < d2) d2 = d;
      }
      upper[i] = d1;
      lower[i] = d2;
    } else {
      for (let c = 0; c < k; c++) {
        const d = Math.sqrt(dist[c]);
        lower[i * k + c] = d;
        if (d < lower[i * k + a]) a = c;
      }
      upper[i] = lower[i * k + a];
    }
    labels[i] = a;
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
    if (reseeded && hamerly) lower.fill(0); // a moved row's single lower bound no longer holds
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
    if (hamerly) moveHamerlyBounds(labels, upper, lower, shift, n, k);
    else
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
    if (hamerly) {
      hamerlyAssign(data, n, dim, centers, k, labels, upper, lower, half, totals);
      if (lastPass) break;
      continue;
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
  return {
    labels,
    centroids: centers,
    k,
    dim,
    inertia: inertiaOf(data, n, dim, centers, labels, weights),
    iterations,
    sizes: counts,
  };
}

/** `sqDist` for 3 columns (pixel colours), unrolled: the same sum in the same order, so the same value. */
function sqDist3(data: Floats, i: number, centers: Float64Array, c: number): number {
  const x = data[i * 3] - centers[c * 3];
  const y = data[i * 3 + 1] - centers[c * 3 + 1];
  const z = data[i * 3 + 2] - centers[c * 3 + 2];
  return x * x + y * y + z * z;
}

/** Hamerly's bounds after the centres moved: the upper by its own centre's move, the lower by the largest other move. */
function moveHamerlyBounds(
  labels: Int32Array,
  upper: Float64Array,
  lower: Float64Array,
  shift: Float64Array,
  n: number,
  k: number,
): void {
  let r1 = 0;
  for (let c = 1; c < k; c++) if (shift[c] > shift[r1]) r1 = c;
  let second = 0;
  for (let c = 0; c < k; c++) if (c !== r1 && shift[c] > second) second = shift[c];
  for (let i = 0; i < n; i++) {
    const a = labels[i];
    upper[i] += shift[a];
    const v = lower[i] - (a === r1 ? second : shift[r1]);
    lower[i] = v > 0 ? v : 0;
  }
}

/**
 * E-step with Hamerly's (2010) pruning: a row is skipped while its upper bound is within
 * max(half the gap to the nearest other centre, its lower bound). Otherwise every centre
 * is checked in order and the row moves only to a strictly nearer one (Elkan's tie rule).
 */
function hamerlyAssign(
  data: Floats,
  n: number,
  dim: number,
  centers: Float64Array,
  k: number,
  labels: Int32Array,
  upper: Float64Array,
  lower: Float64Array,
  half: Float64Array,
  totals: ClusterTotals,
): void {
  for (let i = 0; i < n; i++) {
    const a = labels[i];
    const bound = half[a] > lower[i] ? half[a] : lower[i];
    if (upper[i] <= bound) continue;
    let d1 = Math.sqrt(dim === 3 ? sqDist3(data, i, centers, a) : sqDist(data, i, centers, a, dim));
    upper[i] = d1;
    if (d1 <= bound) continue;
    let best = a;
    let d2 = Infinity;
    for (let c = 0; c < k; c++) {
      if (c === a) continue;
      const d = Math.sqrt(dim === 3 ? sqDist3(data, i, centers, c) : sqDist(data, i, centers, c, dim));
      if (d < d1) {
        d2 = d1;
        d1 = d;
        best = c;
      } else if (d < d2) d2 = d;
    }
    upper[i] = d1;
    lower[i] = d2;
    if (best !== a) {
      moveRow(data, i, dim, a, best, totals);
      labels[i] = best;
    }
  }
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
