import { sqDist } from './distance.js';
import { alphaDecaySquared } from './kernel.js';
import { buildVerlet, remapVerlet, type Verlet } from './verlet.js';

export interface CondenseOptions {
  /** Kernel bandwidth multiplier per diffusion step (reference 1.025). */
  bandwidthGrowth: number;
  /** Merge threshold = this percentile of pairwise distances + mergeOffset. */
  mergePercentile: number;
  mergeOffset: number;
  /** Initial bandwidth = granularity · 0.1 · std(X) · M^(1/5) (Multiscale PHATE's rule). */
  granularity: number;
  /** Alpha of the condensation kernel exp(-(d/ε)^alpha) (graphtools default 40). */
  decay: number;
  /** Safety stop; a last level merging everything is appended if it is reached. */
  maxIterations: number;
}

export const condenseDefaults: CondenseOptions = {
  bandwidthGrowth: 1.025,
  mergePercentile: 0.001,
  mergeOffset: 0.001,
  granularity: 0.1,
  decay: 40,
  maxIterations: 20000,
};

export interface CondenseResult {
  /** Per level, the cluster id of every input point; level 0 = every point alone, last = one cluster. */
  assignments: Int32Array[];
  /** gradient[l] = Σ |X_l − X_{l+1}| (positions of level l merged as at level l+1). */
  gradient: Float64Array;
  mergeThreshold: number;
  initialBandwidth: number;
}

const KERNEL_THRESHOLD = 1e-4;

/**
 * Diffusion condensation (Brugnone et al. 2019; Multiscale PHATE's `condense`) on M points:
 * while no two points are closer than the merge threshold, grow the bandwidth and move
 * every point to its kernel-weighted mean (X ← P·X, fixed-bandwidth alpha-decay kernel,
 * entries below 1e-4 dropped); otherwise merge connected groups of close points into
 * their mean, keeping the smallest id. One level is recorded per diffusion step.
 * Neighbours come from Verlet lists (all pairs within a skin radius, rebuilt only when
 * points may have moved past it), so no step scans all pairs.
 */
export function condense(
  points: Float64Array,
  M: number,
  dim: number,
  options: Partial<CondenseOptions> = {},
): CondenseResult {
  const o = { ...condenseDefaults, ...options };
  let A = M;
  let pos = Float64Array.from(points);
  let prev = Float64Array.from(points);
  let ids = Int32Array.from({ length: M }, (_, i) => i);
  const where = Int32Array.from({ length: M }, (_, i) => i); // input point → active index
  const assignments: Int32Array[] = [Int32Array.from(ids), Int32Array.from(ids)];
  const gradient: number[] = [0];

  const mergeThreshold = percentileOfPairs(pos, M, dim, o.mergePercentile) + o.mergeOffset;
  let eps = (o.granularity * 0.1 * populationStd(pos)) / M ** (-1 / 5);
  if (!(eps > 0)) eps = mergeThreshold;
  const initialBandwidth = eps;
  const cutoff = (-Math.log(KERNEL_THRESHOLD)) ** (1 / o.decay);

  let verlet = buildVerlet(pos, A, dim, 1.5 * Math.max(eps * cutoff, mergeThreshold));
  const disp = new Float64Array(M);
  let maxDisp = 0;
  let iterations = 0;
  const next = new Float64Array(M * dim);

  while (A > 1) {
    const groups = closeGroups(pos, A, dim, verlet, mergeThreshold);
    if (groups) {
      // Merge: group means, smallest id kept; prev merged the same way for the gradient.
      const { newIndex, count } = groups;
      const np = new Float64Array(count * dim);
      const npr = new Float64Array(count * dim);
      const sizes = new Int32Array(count);
      const nids = new Int32Array(count).fill(0x7fffffff);
      const ndisp = new Float64Array(count);
      for (let a = 0; a < A; a++) {
        const g = newIndex[a];
        sizes[g]++;
        if (ids[a] < nids[g]) nids[g] = ids[a];
        for (let t = 0; t < dim; t++) {
          np[g * dim + t] += pos[a * dim + t];
          npr[g * dim + t] += prev[a * dim + t];
        }
      }
      for (let g = 0; g < count; g++) {
        for (let t = 0; t < dim; t++) {
          np[g * dim + t] /= sizes[g];
          npr[g * dim + t] /= sizes[g];
        }
      }
      for (let a = 0; a < A; a++) {
        const g = newIndex[a];
        const moved = disp[a] + Math.sqrt(sqDist(pos, a, np, g, dim));
        if (moved > ndisp[g]) ndisp[g] = moved;
      }
      verlet = remapVerlet(verlet, A, newIndex, count);
      for (let p = 0; p < M; p++) where[p] = newIndex[where[p]];
      pos = np;
      prev = npr;
      ids = nids;
      A = count;
      disp.set(ndisp);
      maxDisp = 0;
      for (let g = 0; g < count; g++) if (ndisp[g] > maxDisp) maxDisp = ndisp[g];
      const level = assignments[assignments.length - 1];
      for (let p = 0; p < M; p++) level[p] = ids[where[p]];
      gradient[gradient.length - 1] = absDiffSum(prev, pos, A * dim);
      continue;
    }
    if (++iterations > o.maxIterations) {
      const level = new Int32Array(M).fill(ids[0]);
      assignments.push(level);
      gradient.push(absDiffSum(prev, pos, A * dim));
      break;
    }
    // Diffusion step.
    eps *= o.bandwidthGrowth;
    const radius = eps * cutoff;
    if (Math.max(radius, mergeThreshold) + 2 * maxDisp > verlet.radius) {
      verlet = buildVerlet(pos, A, dim, 1.5 * Math.max(radius, mergeThreshold));
      disp.fill(0);
      maxDisp = 0;
    }
    prev = Float64Array.from(pos.subarray(0, A * dim));
    const r2 = radius * radius;
    const invEps2 = 1 / (eps * eps);
    const { ptr, nbr } = verlet;
    for (let a = 0; a < A; a++) {
      let wsum = 1;
      const ao = a * dim;
      for (let t = 0; t < dim; t++) next[ao + t] = pos[ao + t];
      for (let e = ptr[a]; e < ptr[a + 1]; e++) {
        const b = nbr[e];
        const d2 = sqDist(pos, a, pos, b, dim);
        if (d2 >= r2) continue;
        const w = alphaDecaySquared(d2 * invEps2, o.decay);
        if (w < KERNEL_THRESHOLD) continue;
        wsum += w;
        const bo = b * dim;
        for (let t = 0; t < dim; t++) next[ao + t] += w * pos[bo + t];
      }
      const inv = 1 / wsum;
      for (let t = 0; t < dim; t++) next[ao + t] *= inv;
    }
    for (let a = 0; a < A; a++) {
      const moved = Math.sqrt(sqDist(next, a, pos, a, dim));
      disp[a] += moved;
      if (disp[a] > maxDisp) maxDisp = disp[a];
    }
    pos.set(next.subarray(0, A * dim));
    assignments.push(Int32Array.from(assignments[assignments.length - 1]));
    gradient.push(absDiffSum(prev, pos, A * dim));
  }
  return { assignments, gradient: Float64Array.from(gradient), mergeThreshold, initialBandwidth };
}

/** Connected groups of points closer than `threshold`, or null when no pair is. */
function closeGroups(
  pos: Float64Array,
  A: number,
  dim: number,
  v: Verlet,
  threshold: number,
): { newIndex: Int32Array; count: number } | null {
  const t2 = threshold * threshold;
  let parent: Int32Array | null = null;
  const find = (x: number): number => {
    while (parent![x] !== x) {
      parent![x] = parent![parent![x]];
      x = parent![x];
    }
    return x;
  };
  for (let a = 0; a < A; a++) {
    for (let e = v.ptr[a]; e < v.ptr[a + 1]; e++) {
      const b = v.nbr[e];
      if (b <= a || sqDist(pos, a, pos, b, dim) >= t2) continue;
      if (!parent) parent = Int32Array.from({ length: A }, (_, i) => i);
      const ra = find(a);
      const rb = find(b);
      if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
    }
  }
  if (!parent) return null;
  // Number groups in order of their smallest member, which keeps ids sorted.
  const newIndex = new Int32Array(A);
  const label = new Int32Array(A).fill(-1);
  let count = 0;
  for (let a = 0; a < A; a++) {
    const r = find(a);
    if (label[r] < 0) label[r] = count++;
    newIndex[a] = label[r];
  }
  return { newIndex, count };
}

/** numpy-style (linear interpolation) percentile of all pairwise distances, keeping only the smallest few. */
export function percentileOfPairs(pos: Float64Array, M: number, dim: number, percentile: number): number {
  const pairs = (M * (M - 1)) / 2;
  if (pairs < 1) return 0;
  const rank = (percentile / 100) * (pairs - 1);
  const lo = Math.floor(rank);
  const keep = Math.min(pairs, lo + 2);
  // Max-heap of the `keep` smallest squared distances.
  const heap = new Float64Array(keep);
  let size = 0;
  for (let a = 0; a < M; a++) {
    for (let b = a + 1; b < M; b++) {
      const d = sqDist(pos, a, pos, b, dim);
      if (size < keep) {
        let i = size++;
        heap[i] = d;
        while (i > 0) {
          const p = (i - 1) >> 1;
          if (heap[p] >= heap[i]) break;
          const tmp = heap[p];
          heap[p] = heap[i];
          heap[i] = tmp;
          i = p;
        }
      } else if (d < heap[0]) {
        heap[0] = d;
        let i = 0;
        for (;;) {
          const l = 2 * i + 1;
          const r = l + 1;
          let m = i;
          if (l < size && heap[l] > heap[m]) m = l;
          if (r < size && heap[r] > heap[m]) m = r;
          if (m === i) break;
          const tmp = heap[m];
          heap[m] = heap[i];
          heap[i] = tmp;
          i = m;
        }
      }
    }
  }
  const sorted = Array.from(heap.subarray(0, size), Math.sqrt).sort((x, y) => x - y);
  const frac = rank - lo;
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[Math.min(lo, sorted.length - 1)] * (1 - frac) + sorted[hi] * frac;
}

function populationStd(x: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i];
  const mean = s / x.length;
  let v = 0;
  for (let i = 0; i < x.length; i++) v += (x[i] - mean) * (x[i] - mean);
  return Math.sqrt(v / x.length);
}

function absDiffSum(a: Float64Array, b: Float64Array, len: number): number {
  let s = 0;
  for (let i = 0; i < len; i++) s += Math.abs(a[i] - b[i]);
  return s;
}
