/**
 * Pixel k-means: k clusters of the pixel values scaled to [0, 1], best of
 * `restarts` runs (k-means++ seeding, Lloyd iterations, lowest inertia), as
 * scikit-learn's KMeans(n_clusters=10, n_init=10) did for the paper.
 *
 * Runs on the distinct colours weighted by their pixel counts, which gives
 * the same clustering as running on every pixel (weighted k-means++ samples
 * the same distribution, weighted means are the same centres) at a fraction of
 * the cost. Hand-written for that reason: ml-kmeans takes no sample weights.
 */
import { Rng, createLabelMap } from '@cuts/core/browser';
import type { LabelMap } from '@cuts/core/browser';
import type { Uint8Image } from './input.js';

export interface KmeansPixelsOptions {
  /** Number of clusters (default 10). */
  readonly k?: number;
  /** Independent k-means++ starts; the lowest inertia wins (default 10). */
  readonly restarts?: number;
  /** Lloyd iterations per start at most (default 300). */
  readonly maxIterations?: number;
  /** Relative tolerance on the squared centre shift, × mean feature variance (default 1e-4, sklearn's). */
  readonly tolerance?: number;
  /** Seed of the k-means++ draws (default 0). */
  readonly seed?: number;
}

interface WeightedPoints {
  /** m × 3 (grey values are stored as (v, 0, 0): same distances, one code path). */
  readonly points: Float64Array;
  readonly weights: Float64Array;
  /** Number of real features (1 for grey, 3 for colour). */
  readonly dim: number;
  /** For every pixel, the index of its distinct colour. */
  readonly pixelToPoint: Int32Array;
}

function distinctColours(image: Uint8Image): WeightedPoints {
  const dim = image.channels === 1 ? 1 : 3;
  const c = image.channels;
  const n = image.height * image.width;
  const index = new Map<number, number>();
  const pixelToPoint = new Int32Array(n);
  const keys: number[] = [];
  const counts: number[] = [];
  for (let i = 0; i < n; i++) {
    const key = dim === 1 ? image.data[i * c] << 16 : (image.data[i * c] << 16) | (image.data[i * c + 1] << 8) | image.data[i * c + 2];
    let j = index.get(key);
    if (j === undefined) {
      j = keys.length;
      index.set(key, j);
      keys.push(key);
      counts.push(0);
    }
    counts[j]++;
    pixelToPoint[i] = j;
  }
  const points = new Float64Array(keys.length * 3);
  keys.forEach((key, j) => {
    points[j * 3] = (key >>> 16) / 255;
    points[j * 3 + 1] = ((key >>> 8) & 255) / 255;
    points[j * 3 + 2] = (key & 255) / 255;
  });
  return { points, weights: Float64Array.from(counts), dim, pixelToPoint };
}

/** Greedy weighted k-means++ (sklearn's: 2 + ⌊ln k⌋ candidates per step, keep the one lowering the potential most). */
function kmeansPlusPlus(p: WeightedPoints, k: number, rng: Rng): Float64Array {
  const { points: x, weights } = p;
  const m = weights.length;
  const centres = new Float64Array(k * 3);
  const cum = new Float64Array(m);
  const pick = (r: number): number => {
    let lo = 0;
    let hi = m - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cum[mid] < r) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  let total = 0;
  for (let i = 0; i < m; i++) cum[i] = total += weights[i];
  const first = pick(rng.next() * total);
  centres.set(x.subarray(first * 3, first * 3 + 3), 0);
  const closest = new Float64Array(m);
  let pot = 0;
  for (let i = 0; i < m; i++) {
    const a = x[i * 3] - centres[0];
    const b = x[i * 3 + 1] - centres[1];
    const c = x[i * 3 + 2] - centres[2];
    closest[i] = a * a + b * b + c * c;
    pot += closest[i] * weights[i];
  }
  const trials = 2 + Math.floor(Math.log(k));
  const cand = new Float64Array(m);
  const best = new Float64Array(m);
  for (let c = 1; c < k; c++) {
    let acc = 0;
    for (let i = 0; i < m; i++) cum[i] = acc += weights[i] * closest[i];
    let bestPot = Infinity;
    let bestId = 0;
    for (let t = 0; t < trials; t++) {
      const id = pick(rng.next() * pot);
      const y0 = x[id * 3];
      const y1 = x[id * 3 + 1];
      const y2 = x[id * 3 + 2];
      let candPot = 0;
      for (let i = 0; i < m; i++) {
        const a = x[i * 3] - y0;
        const b = x[i * 3 + 1] - y1;
        const e = x[i * 3 + 2] - y2;
        const d = Math.min(closest[i], a * a + b * b + e * e);
        cand[i] = d;
        candPot += d * weights[i];
      }
      if (candPot < bestPot) {
        bestPot = candPot;
        bestId = id;
        best.set(cand);
      }
    }
    centres.set(x.subarray(bestId * 3, bestId * 3 + 3), c * 3);
    closest.set(best);
    pot = bestPot;
  }
  return centres;
}

/**
 * Lloyd's iterations, accelerated with Hamerly's bounds (same assignments as
 * the plain algorithm: a point is only skipped when its centre provably stays
 * the nearest). Stops when no label changes or the squared centre shift ≤ tol.
 */
function lloyd(p: WeightedPoints, centres: Float64Array, k: number, maxIterations: number, tol: number): { labels: Int32Array; inertia: number } {
  const { points: x, weights } = p;
  const m = weights.length;
  const labels = new Int32Array(m);
  const upper = new Float64Array(m);
  const lower = new Float64Array(m);
  const half = new Float64Array(k);
  const moved = new Float64Array(k);
  const sums = new Float64Array(k * 3);
  const mass = new Float64Array(k);
  const nearestTwo = (i: number): void => {
    const x0 = x[i * 3];
    const x1 = x[i * 3 + 1];
    const x2 = x[i * 3 + 2];
    let d1 = Infinity;
    let d2 = Infinity;
    let best = 0;
    for (let c = 0; c < k; c++) {
      const a = x0 - centres[c * 3];
      const b = x1 - centres[c * 3 + 1];
      const e = x2 - centres[c * 3 + 2];
      const d = a * a + b * b + e * e;
      if (d < d1) {
        d2 = d1;
        d1 = d;
        best = c;
      } else if (d < d2) d2 = d;
    }
    labels[i] = best;
    upper[i] = Math.sqrt(d1);
    lower[i] = Math.sqrt(d2);
  };
  for (let i = 0; i < m; i++) nearestTwo(i);
  for (let iter = 0; iter < maxIterations; iter++) {
    sums.fill(0);
    mass.fill(0);
    for (let i = 0; i < m; i++) {
      const c = labels[i];
      const w = weights[i];
      mass[c] += w;
      sums[c * 3] += w * x[i * 3];
      sums[c * 3 + 1] += w * x[i * 3 + 1];
      sums[c * 3 + 2] += w * x[i * 3 + 2];
    }
    let shift = 0;
    for (let c = 0; c < k; c++) {
      let v0: number;
      let v1: number;
      let v2: number;
      if (mass[c] === 0) {
        // Empty cluster: move it to the point farthest from its centre.
        let far = 0;
        for (let i = 1; i < m; i++) if (upper[i] > upper[far]) far = i;
        upper[far] = 0;
        v0 = x[far * 3];
        v1 = x[far * 3 + 1];
        v2 = x[far * 3 + 2];
      } else {
        v0 = sums[c * 3] / mass[c];
        v1 = sums[c * 3 + 1] / mass[c];
        v2 = sums[c * 3 + 2] / mass[c];
      }
      const s2 = (v0 - centres[c * 3]) ** 2 + (v1 - centres[c * 3 + 1]) ** 2 + (v2 - centres[c * 3 + 2]) ** 2;
      shift += s2;
      moved[c] = Math.sqrt(s2);
      centres[c * 3] = v0;
      centres[c * 3 + 1] = v1;
      centres[c * 3 + 2] = v2;
    }
    let r1 = 0;
    for (let c = 1; c < k; c++) if (moved[c] > moved[r1]) r1 = c;
    let r2 = r1 === 0 ? 1 : 0;
    for (let c = 0; c < k; c++) if (c !== r1 && moved[c] > moved[r2]) r2 = c;
    for (let c = 0; c < k; c++) {
      let d = Infinity;
      for (let o = 0; o < k; o++) {
        if (o === c) continue;
        const dd = (centres[c * 3] - centres[o * 3]) ** 2 + (centres[c * 3 + 1] - centres[o * 3 + 1]) ** 2 + (centres[c * 3 + 2] - centres[o * 3 + 2]) ** 2;
        if (dd < d) d = dd;
      }
      half[c] = Math.sqrt(d) / 2;
    }
    let changed = false;
    for (let i = 0; i < m; i++) {
      const a = labels[i];
      upper[i] += moved[a];
      lower[i] -= a === r1 ? (k > 1 ? moved[r2] : 0) : moved[r1];
      const bound = Math.max(half[a], lower[i]);
      if (upper[i] <= bound) continue;
      const e0 = x[i * 3] - centres[a * 3];
      const e1 = x[i * 3 + 1] - centres[a * 3 + 1];
      const e2 = x[i * 3 + 2] - centres[a * 3 + 2];
      upper[i] = Math.sqrt(e0 * e0 + e1 * e1 + e2 * e2);
      if (upper[i] <= bound) continue;
      nearestTwo(i);
      if (labels[i] !== a) changed = true;
    }
    if (!changed || shift <= tol) break;
  }
  let inertia = 0;
  for (let i = 0; i < m; i++) {
    const c = labels[i];
    const a = x[i * 3] - centres[c * 3];
    const b = x[i * 3 + 1] - centres[c * 3 + 1];
    const e = x[i * 3 + 2] - centres[c * 3 + 2];
    inertia += weights[i] * (a * a + b * b + e * e);
  }
  return { labels, inertia };
}

/** Pixel k-means label map (ids 0..k−1). */
export function kmeansPixels(image: Uint8Image, options: KmeansPixelsOptions = {}): LabelMap {
  const k0 = options.k ?? 10;
  const restarts = options.restarts ?? 10;
  const p = distinctColours(image);
  const m = p.weights.length;
  const k = Math.min(k0, m);
  const { points, weights, dim } = p;
  let total = 0;
  for (let i = 0; i < m; i++) total += weights[i];
  let variance = 0;
  for (let d = 0; d < dim; d++) {
    let mean = 0;
    for (let i = 0; i < m; i++) mean += weights[i] * points[i * 3 + d];
    mean /= total;
    for (let i = 0; i < m; i++) variance += (weights[i] * (points[i * 3 + d] - mean) ** 2) / total;
  }
  const tol = (options.tolerance ?? 1e-4) * (variance / dim);
  const rng = new Rng(options.seed ?? 0);
  let best: { labels: Int32Array; inertia: number } | undefined;
  for (let r = 0; r < restarts; r++) {
    const centres = kmeansPlusPlus(p, k, rng);
    const run = lloyd(p, centres, k, options.maxIterations ?? 300, tol);
    if (!best || run.inertia < best.inertia) best = run;
  }
  const labels = createLabelMap(image.height, image.width);
  const chosen = (best as { labels: Int32Array }).labels;
  for (let i = 0; i < labels.data.length; i++) labels.data[i] = chosen[p.pixelToPoint[i]];
  return labels;
}
