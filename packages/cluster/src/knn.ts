import { Rng } from '@cuts/core';
import { dot, sqDist, type Floats } from './distance.js';
import { scanCell, scanCellPair, type Candidates } from './knn-cells.js';
import { balancedPartition, selectByKey } from './partition-tree.js';

/** k nearest neighbours of every point (self excluded), row-major n × k. */
export interface KnnGraph {
  n: number;
  k: number;
  /** Neighbour indices (row order is not sorted by distance). */
  indices: Int32Array;
  /** Euclidean distances, same order as indices. */
  distances: Float32Array;
}

export interface KnnOptions {
  /** Points per search cell. Default 24. */
  cellSize?: number;
  /** Candidates examined per point, as a multiple of k. Default 3. */
  candidateFactor?: number;
  seed?: number;
}

/**
 * Approximate k-nearest-neighbour search (never an n × n matrix): points are split into
 * balanced compact cells (see balancedPartition); every point of a cell is compared with
 * the members of the cells whose centroids are nearest to its own cell's centroid, until
 * at least candidateFactor × k candidates are seen. Exact when the candidates cover all
 * points (small n). Cost O(n · candidateFactor · k · dim).
 */
export function knnGraph(data: Floats, n: number, dim: number, k: number, options: KnnOptions = {}): KnnGraph {
  if (k < 1 || k > n - 1) throw new RangeError(`knnGraph: k must be in [1, n-1], got ${k} for n = ${n}`);
  const cellSize = options.cellSize ?? 24;
  const want = Math.ceil((options.candidateFactor ?? 3) * k) + 1;
  const indices = new Int32Array(n * k);
  const distances = new Float32Array(n * k);
  const nCells = Math.max(1, Math.min(Math.ceil(n / cellSize), n));
  if (want >= n || nCells === 1) {
    const candD = new Float64Array(n);
    const candI = new Int32Array(n);
    for (let i = 0; i < n; i++) nearestAmong(data, dim, i, n, k, candD, candI, indices, distances);
    return { n, k, indices, distances };
  }
  const cellOf = balancedPartition(data, n, dim, nCells, new Rng(options.seed ?? 0));
  // Members per cell (CSR); rows copied cell-major so candidate blocks are contiguous.
  const start = new Int32Array(nCells + 1);
  for (let i = 0; i < n; i++) start[cellOf[i] + 1]++;
  for (let c = 0; c < nCells; c++) start[c + 1] += start[c];
  const members = new Int32Array(n);
  const fill = start.slice(0, nCells);
  for (let i = 0; i < n; i++) members[fill[cellOf[i]]++] = i;
  const sorted = new Float32Array(n * dim);
  for (let r = 0; r < n; r++) sorted.set(data.subarray(members[r] * dim, members[r] * dim + dim), r * dim);
  const norms = new Float64Array(n);
  for (let r = 0; r < n; r++) norms[r] = dot(sorted, r, sorted, r, dim);
  const centroids = new Float64Array(nCells * dim);
  for (let c = 0; c < nCells; c++) {
    for (let r = start[c]; r < start[c + 1]; r++)
      for (let t = 0; t < dim; t++) centroids[c * dim + t] += sorted[r * dim + t];
    const size = start[c + 1] - start[c];
    for (let t = 0; t < dim; t++) centroids[c * dim + t] /= size;
  }
  const cellOrder = new Int32Array(nCells);
  const cellD = new Float64Array(nCells);
  const centroidD = symmetricSqDists(centroids, nCells, dim);
  const candD = new Float64Array(n);
  const candI = new Int32Array(n);
  // Each cell considers a pool of its nearest cells (by centroid); each point then visits
  // the pool's cells in order of the distance from the point itself to their centroids.
  const cellsNeeded = Math.ceil(want / Math.max(1, n / nCells));
  const poolSize = Math.min(nCells, Math.max(8, 3 * cellsNeeded));
  const pointCellD = new Float64Array(poolSize);
  const pool = new Int32Array(poolSize);
  const visit = new Int32Array(poolSize);
  const cand0: Candidates = { d: candD, i: candI, m: 0 };
  const cand1: Candidates = { d: new Float64Array(n), i: new Int32Array(n), m: 0 };
  const off0 = new Int32Array(poolSize);
  const off1 = new Int32Array(poolSize);
  let ownCell = 0;
  /** Pool slots point a visits (nearest centroid first, until `want` candidates), each with its start in a's candidate list. */
  const planVisits = (a: number, order: Int32Array, off: Int32Array): number => {
    for (let q = 0; q < poolSize; q++) {
      order[q] = q;
      pointCellD[q] = sqDist(sorted, a, centroids, pool[q], dim);
    }
    sortByKey(order, pointCellD);
    off.fill(-1);
    let m = 0;
    for (let q = 0; q < poolSize && m < want; q++) {
      const cc = pool[order[q]];
      off[order[q]] = m;
      m += start[cc + 1] - start[cc] - (cc === ownCell ? 1 : 0);
    }
    return m;
  };
  /** The k nearest of a's candidates become its row of the graph. */
  const keepNearest = (a: number, cand: Candidates, m: number): void => {
    selectPairs(cand.d, cand.i, 0, m, k - 1);
    const o = members[a] * k;
    for (let r = 0; r < k; r++) {
      indices[o + r] = members[cand.i[r]];
      distances[o + r] = Math.sqrt(cand.d[r]);
    }
  };
  for (let c = 0; c < nCells; c++) {
    ownCell = c;
    for (let c2 = 0; c2 < nCells; c2++) cellOrder[c2] = c2;
    cellD.set(centroidD.subarray(c * nCells, (c + 1) * nCells));
    if (poolSize < nCells) selectByKey(cellOrder, 0, nCells, poolSize - 1, cellD);
    pool.set(cellOrder.subarray(0, poolSize));
    // Points two at a time: each visits the pool's cells in its own order (nearest centroid
    // first) until `want` candidates; the cells both visit are scanned once for the pair.
    for (let a = start[c]; a < start[c + 1]; a += 2) {
      const a1 = a + 1 < start[c + 1] ? a + 1 : -1;
      const total0 = planVisits(a, visit, off0);
      const total1 = a1 >= 0 ? planVisits(a1, visit, off1) : 0;
      for (let q = 0; q < poolSize; q++) {
        const o0 = off0[q];
        const o1 = a1 >= 0 ? off1[q] : -1;
        if (o0 < 0 && o1 < 0) continue;
        const cc = pool[q];
        cand0.m = o0;
        cand1.m = o1;
        if (o0 >= 0 && o1 >= 0) scanCellPair(sorted, norms, dim, a, a1, start[cc], start[cc + 1], cand0, cand1);
        else if (o0 >= 0) scanCell(sorted, norms, dim, a, start[cc], start[cc + 1], cand0);
        else scanCell(sorted, norms, dim, a1, start[cc], start[cc + 1], cand1);
      }
      keepNearest(a, cand0, total0);
      if (a1 >= 0) keepNearest(a1, cand1, total1);
    }
  }
  return { n, k, indices, distances };
}

/**
 * All pairwise squared distances of `count` rows (count × count), each pair computed once
 * (sqDist is symmetric bit for bit: (x − y)² = (y − x)²) in 32 × 32 tiles so both writes stay in cache.
 */
export function symmetricSqDists(x: Floats, count: number, dim: number): Float64Array {
  const out = new Float64Array(count * count);
  const B = 32;
  for (let i0 = 0; i0 < count; i0 += B) {
    for (let j0 = i0; j0 < count; j0 += B) {
      for (let i = i0; i < Math.min(count, i0 + B); i++) {
        for (let j = Math.max(i, j0); j < Math.min(count, j0 + B); j++) {
          const d = sqDist(x, i, x, j, dim);
          out[i * count + j] = d;
          out[j * count + i] = d;
        }
      }
    }
  }
  return out;
}

/** Insertion sort of a small index array by key (pool sizes are a few dozen). */
function sortByKey(idx: Int32Array, key: Float64Array): void {
  for (let i = 1; i < idx.length; i++) {
    const v = idx[i];
    const kv = key[v];
    let j = i - 1;
    while (j >= 0 && key[idx[j]] > kv) {
      idx[j + 1] = idx[j];
      j--;
    }
    idx[j + 1] = v;
  }
}

/** Quickselect on parallel (key, id) arrays so that [start, kth] hold the kth+1 smallest keys. */
function selectPairs(key: Float64Array, id: Int32Array, start: number, end: number, kth: number): void {
  let lo = start;
  let hi = end - 1;
  while (hi > lo) {
    const pivot = key[(lo + hi) >> 1];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (key[i] < pivot) i++;
      while (key[j] > pivot) j--;
      if (i <= j) {
        const tk = key[i];
        key[i] = key[j];
        key[j] = tk;
        const ti = id[i];
        id[i] = id[j];
        id[j] = ti;
        i++;
        j--;
      }
    }
    if (kth <= j) hi = j;
    else if (kth >= i) lo = i;
    else return;
  }
}

/** Brute-force k nearest of point i among all n (small inputs). */
function nearestAmong(
  data: Floats,
  dim: number,
  i: number,
  n: number,
  k: number,
  candD: Float64Array,
  candI: Int32Array,
  indices: Int32Array,
  distances: Float32Array,
): void {
  let m = 0;
  for (let j = 0; j < n; j++) {
    if (j === i) continue;
    candD[m] = sqDist(data, i, data, j, dim);
    candI[m++] = j;
  }
  selectPairs(candD, candI, 0, m, k - 1);
  const o = i * k;
  for (let r = 0; r < k; r++) {
    indices[o + r] = candI[r];
    distances[o + r] = Math.sqrt(candD[r]);
  }
}
