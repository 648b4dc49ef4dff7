import { Rng } from '@cuts/core';
import { alphaDecay } from './kernel.js';
import { knnGraph } from './knn.js';
import { landmarkCells } from './landmark-cells.js';

export interface PotentialOptions {
  /** Neighbours of the alpha-decay kernel (bandwidth = distance to the knn-th point, self counted). */
  knn: number;
  /** Alpha of the kernel exp(-(d/σ)^alpha). */
  decay: number;
  /** Number of landmarks (compact cells of points). */
  landmarks: number;
  /** Power of the landmark diffusion operator. */
  t: number;
  seed: number;
}

/**
 * PHATE's landmark diffusion potential (Moon et al. 2019, graphtools' LandmarkGraph):
 * kernel K (sparse, symmetrised (K + Kᵀ)/2), point→landmark transitions
 * T = rownorm(K·1_cells), landmark→point pmn = rownorm((K·1_cells)ᵀ), landmark operator
 * P = pmn·T (L × L), potential Φ = −log(Pᵗ + 1e-7). A point's potential is T_i·Φ.
 */
export interface LandmarkPotential {
  n: number;
  /** Landmarks actually used (≤ options.landmarks, ≤ distinct rows; identical rows share a landmark). */
  L: number;
  /** Landmark cell of every point. */
  cellOf: Int32Array;
  /** Point → landmark transitions, CSR (rows sum to 1). */
  tPtr: Int32Array;
  tCol: Int32Array;
  tVal: Float64Array;
  /** L × L diffusion potential, row-major. */
  potential: Float32Array;
}

/** Kernel values below this are dropped (graphtools' default `thresh`). */
const KERNEL_THRESHOLD = 1e-4;

export function landmarkPotential(data: Float32Array, n: number, dim: number, options: PotentialOptions): LandmarkPotential {
  const rng = new Rng(options.seed);
  const k = Math.max(1, Math.min(options.knn, n - 1));
  const graph = knnGraph(data, n, dim, k, { seed: rng.nextUint32() });
  const { indices, distances } = graph;

  // Directed alpha-decay weights; bandwidth = distance to the knn-th point counting self.
  const w = new Float64Array(n * k);
  // Beyond this ratio d/σ the kernel is below the threshold: skip exp/pow there.
  const cutoff = (-Math.log(KERNEL_THRESHOLD)) ** (1 / options.decay);
  for (let i = 0; i < n; i++) {
    const sigma = bandwidthOf(distances, i * k, k);
    for (let r = 0; r < k; r++) {
      const d = distances[i * k + r];
      let v = 0;
      if (sigma > 0) {
        const x = d / sigma;
        v = x < cutoff ? alphaDecay(x, options.decay) : 0;
      } else v = d === 0 ? 1 : 0;
      w[i * k + r] = v >= KERNEL_THRESHOLD ? v : 0;
    }
  }
  // Reverse adjacency (who lists i as a neighbour) for the symmetric half.
  const revPtr = new Int32Array(n + 1);
  for (let e = 0; e < n * k; e++) if (w[e] > 0) revPtr[indices[e] + 1]++;
  for (let i = 0; i < n; i++) revPtr[i + 1] += revPtr[i];
  const revSrc = new Int32Array(revPtr[n]);
  const revW = new Float64Array(revPtr[n]);
  const fill = revPtr.slice(0, n);
  for (let i = 0; i < n; i++) {
    for (let r = 0; r < k; r++) {
      const e = i * k + r;
      if (w[e] === 0) continue;
      const j = indices[e];
      revSrc[fill[j]] = i;
      revW[fill[j]++] = w[e];
    }
  }

  const { L, cellOf } = landmarkCells(data, n, dim, options.landmarks, rng);

  // Raw point→landmark kernel sums (CSR), symmetric kernel: self 1, each directed edge counted half per side.
  const acc = new Float64Array(L);
  const touched = new Int32Array(L);
  const rawPtr = new Int32Array(n + 1);
  // Growable typed buffers for the row-major (column, value) pairs.
  let colBuf = new Int32Array(16 * n);
  let valBuf = new Float64Array(16 * n);
  let nnz = 0;
  const colSum = new Float64Array(L);
  const rowSum = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let nt = 0;
    const add = (cell: number, v: number): void => {
      if (acc[cell] === 0) touched[nt++] = cell;
      acc[cell] += v;
    };
    add(cellOf[i], 1);
    for (let r = 0; r < k; r++) {
      const v = w[i * k + r];
      if (v > 0) add(cellOf[indices[i * k + r]], 0.5 * v);
    }
    for (let e = revPtr[i]; e < revPtr[i + 1]; e++) add(cellOf[revSrc[e]], 0.5 * revW[e]);
    if (nnz + nt > colBuf.length) {
      const size = Math.max(2 * colBuf.length, nnz + nt);
      const grownCols = new Int32Array(size);
      grownCols.set(colBuf.subarray(0, nnz));
      colBuf = grownCols;
      const grownVals = new Float64Array(size);
      grownVals.set(valBuf.subarray(0, nnz));
      valBuf = grownVals;
    }
    let s = 0;
    for (let q = 0; q < nt; q++) {
      const c = touched[q];
      colBuf[nnz] = c;
      valBuf[nnz++] = acc[c];
      colSum[c] += acc[c];
      s += acc[c];
      acc[c] = 0;
    }
    rowSum[i] = s;
    rawPtr[i + 1] = nnz;
  }
  const tPtr = rawPtr;
  const tCol = colBuf.slice(0, nnz);
  const rawVal = valBuf.slice(0, nnz);
  const tVal = new Float64Array(rawVal.length);
  for (let i = 0; i < n; i++) for (let e = tPtr[i]; e < tPtr[i + 1]; e++) tVal[e] = rawVal[e] / rowSum[i];

  // Landmark operator P = pmn · T, with pmn[l, i] = raw[i, l] / colSum[l]; built one landmark
  // row at a time from the transposed raw sums so writes stay in one cache-resident row.
  const colPtr = new Int32Array(L + 1);
  for (let e = 0; e < tCol.length; e++) colPtr[tCol[e] + 1]++;
  for (let l = 0; l < L; l++) colPtr[l + 1] += colPtr[l];
  const colRow = new Int32Array(tCol.length);
  const colVal = new Float64Array(tCol.length);
  const cfill = colPtr.slice(0, L);
  for (let i = 0; i < n; i++) {
    for (let e = tPtr[i]; e < tPtr[i + 1]; e++) {
      const l = tCol[e];
      colRow[cfill[l]] = i;
      colVal[cfill[l]++] = rawVal[e] / colSum[l];
    }
  }
  const P = new Float64Array(L * L);
  for (let l = 0; l < L; l++) {
    const o = l * L;
    for (let q = colPtr[l]; q < colPtr[l + 1]; q++) {
      const i = colRow[q];
      const a = colVal[q];
      for (let f = tPtr[i]; f < tPtr[i + 1]; f++) P[o + tCol[f]] += a * tVal[f];
    }
  }
  const Pt = options.t === 2 ? squareReversible(P, L, colSum) : matrixPower(P, L, options.t);
  const potential = new Float32Array(L * L);
  const floor = -Math.log(1e-7); // most entries of Pᵗ are 0
  for (let q = 0; q < L * L; q++) potential[q] = Pt[q] === 0 ? floor : -Math.log(Pt[q] + 1e-7);
  return { n, L, cellOf, tPtr, tCol, tVal, potential };
}

/** Second-largest of a row's k neighbour distances = distance to the knn-th point counting self. */
function bandwidthOf(distances: Float32Array, o: number, k: number): number {
  if (k < 2) return distances[o];
  let max1 = -Infinity;
  let max2 = -Infinity;
  for (let r = 0; r < k; r++) {
    const d = distances[o + r];
    if (d > max1) {
      max2 = max1;
      max1 = d;
    } else if (d > max2) max2 = d;
  }
  return max2;
}

/**
 * P² for P = D⁻¹S with S symmetric and D = diag(d) (true of the landmark operator: S_lm =
 * Σ_i raw_il·raw_im / rowSum_i, d = colSum). W = D^½·P·D^-½ is symmetric, so only the upper
 * triangle of W² is computed (sparse rows, columns ≥ r found by binary search) and
 * P² = D^-½·W²·D^½. About half the work of a general sparse product.
 */
function squareReversible(P: Float64Array, L: number, d: Float64Array): Float64Array {
  const sq = Float64Array.from(d, Math.sqrt);
  const { ptr, col, val } = toCsr(P, L, (v, r, c) => (v * sq[r]) / sq[c]);
  const out = new Float64Array(L * L);
  const acc = new Float64Array(L);
  for (let r = 0; r < L; r++) {
    acc.fill(0, r);
    for (let f = ptr[r]; f < ptr[r + 1]; f++) {
      const c = col[f];
      const a = val[f];
      // First entry of row c with column ≥ r.
      let lo = ptr[c];
      let hi = ptr[c + 1];
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (col[mid] < r) lo = mid + 1;
        else hi = mid;
      }
      for (let g = lo; g < ptr[c + 1]; g++) acc[col[g]] += a * val[g];
    }
    const ro = r * L;
    for (let m = r; m < L; m++) {
      const w = acc[m];
      if (w === 0) continue;
      out[ro + m] = (w / sq[r]) * sq[m];
      if (m !== r) out[m * L + r] = (w / sq[m]) * sq[r];
    }
  }
  return out;
}

/** Pᵗ of a sparse-ish row-stochastic L × L matrix (dense storage, sparse row products). */
function matrixPower(P: Float64Array, L: number, t: number): Float64Array {
  if (t <= 1) return P;
  const { ptr, col, val } = toCsr(P, L);
  let cur = P;
  for (let step = 1; step < t; step++) {
    const next = new Float64Array(L * L);
    for (let r = 0; r < L; r++) {
      const o = r * L;
      for (let c = 0; c < L; c++) {
        const a = cur[o + c];
        if (a === 0) continue;
        for (let f = ptr[c]; f < ptr[c + 1]; f++) next[o + col[f]] += a * val[f];
      }
    }
    cur = next;
  }
  return cur;
}

/** Compressed sparse rows of a dense L × L matrix's non-zeros, each value optionally mapped. */
function toCsr(
  P: Float64Array,
  L: number,
  map: (v: number, r: number, c: number) => number = (v) => v,
): { ptr: Int32Array; col: Int32Array; val: Float64Array } {
  const ptr = new Int32Array(L + 1);
  let nnz = 0;
  for (let q = 0; q < L * L; q++) if (P[q] !== 0) nnz++;
  const col = new Int32Array(nnz);
  const val = new Float64Array(nnz);
  let e = 0;
  for (let r = 0; r < L; r++) {
    for (let c = 0; c < L; c++) {
      const v = P[r * L + c];
      if (v !== 0) {
        col[e] = c;
        val[e++] = map(v, r, c);
      }
    }
    ptr[r + 1] = e;
  }
  return { ptr, col, val };
}
