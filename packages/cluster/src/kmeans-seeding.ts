import type { Rng } from '@cuts/core';
import { sqDist, type Floats } from './distance.js';

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
      if (chosen < 0)
        for (let i = n - 1; i >= 0; i--)
          if (d2[i] > 0) {
            chosen = i;
            break;
          }
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
 * Weighted, optionally greedy k-means++ seeding (Arthur & Vassilvitskii 2007; the greedy
 * variant is scikit-learn's `_kmeans_plusplus`). A row of weight w is drawn as if it were
 * w copies of itself: the first centre with probability ∝ w, every next one ∝ w·D², where
 * D is the distance to the nearest centre so far. With `trials` > 1 each step draws that
 * many candidates and keeps the one that lowers the potential Σ w·D² most (scikit-learn
 * uses 2 + ⌊ln k⌋). `weights` undefined = every row weighs 1.
 *
 * Draws: one `rng.next()` for the first centre, `trials` per further centre (one when the
 * potential is 0, i.e. every row already sits on a centre: then a uniform row).
 */
export function weightedKmeansPlusPlus(
  data: Floats,
  n: number,
  dim: number,
  k: number,
  rng: Rng,
  weights: Floats | undefined,
  trials: number,
): Float64Array {
  const centers = new Float64Array(k * dim);
  const cum = new Float64Array(n);
  const w = weights ?? new Float64Array(n).fill(1);
  // First index whose cumulative mass exceeds r (rows of zero mass are never picked).
  const pick = (r: number): number => {
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cum[mid] <= r) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  let total = 0;
  for (let i = 0; i < n; i++) cum[i] = total += w[i];
  const first = pick(rng.next() * total);
  for (let t = 0; t < dim; t++) centers[t] = data[first * dim + t];
  const closest = new Float64Array(n);
  let pot = 0;
  for (let i = 0; i < n; i++) {
    closest[i] = sqDist(data, i, centers, 0, dim);
    pot += closest[i] * w[i];
  }
  const cand = new Float64Array(n);
  const best = new Float64Array(n);
  for (let c = 1; c < k; c++) {
    let chosen: number;
    if (pot > 0) {
      let acc = 0;
      for (let i = 0; i < n; i++) cum[i] = acc += w[i] * closest[i];
      let bestPot = Infinity;
      chosen = 0;
      for (let trial = 0; trial < trials; trial++) {
        const id = pick(rng.next() * pot);
        const candPot = candidatePotential(data, n, dim, id, closest, w, cand);
        if (candPot < bestPot) {
          bestPot = candPot;
          chosen = id;
          best.set(cand);
        }
      }
      closest.set(best);
      pot = bestPot;
    } else {
      chosen = rng.int(0, n); // every row already sits on a centre
    }
    for (let t = 0; t < dim; t++) centers[c * dim + t] = data[chosen * dim + t];
  }
  return centers;
}

/**
 * Σ w·min(D², distance² to row `id`) with the per-row minima in `out`. Pixel values (1 or 3
 * columns) get unrolled loops: seeding is most of pixel k-means' time.
 */
function candidatePotential(
  data: Floats,
  n: number,
  dim: number,
  id: number,
  closest: Float64Array,
  w: Floats,
  out: Float64Array,
): number {
  let pot = 0;
  if (dim === 3) {
    const y0 = data[id * 3];
    const y1 = data[id * 3 + 1];
    const y2 = data[id * 3 + 2];
    for (let i = 0; i < n; i++) {
      const a = data[i * 3] - y0;
      const b = data[i * 3 + 1] - y1;
      const c = data[i * 3 + 2] - y2;
      const e = a * a + b * b + c * c;
      const d = closest[i] < e ? closest[i] : e;
      out[i] = d;
      pot += d * w[i];
    }
    return pot;
  }
  if (dim === 1) {
    const y0 = data[id];
    for (let i = 0; i < n; i++) {
      const a = data[i] - y0;
      const e = a * a;
      const d = closest[i] < e ? closest[i] : e;
      out[i] = d;
      pot += d * w[i];
    }
    return pot;
  }
  for (let i = 0; i < n; i++) {
    const e = sqDist(data, i, data, id, dim);
    const d = closest[i] < e ? closest[i] : e;
    out[i] = d;
    pot += d * w[i];
  }
  return pot;
}

function copyRow(src: Floats, i: number, dst: Float64Array, j: number, dim: number): void {
  for (let t = 0; t < dim; t++) dst[j * dim + t] = src[i * dim + t];
}
