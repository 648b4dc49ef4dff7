import { Rng } from '@cuts/core';
import { alphaDecay } from './kernel.js';
import { knnGraph } from './knn.js';
import { landmarkCells } from './landmark-cells.js';
import { landmarkOperator, powerPotential, squarePotential } from './landmark-operator.js';

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

export function landmarkPotential(
  data: Float32Array,
  n: number,
  dim: number,
  options: PotentialOptions,
): LandmarkPotential {
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
  // Reverse adjacency (who lists i as a neighbour) for the symmetric half: the directed
  // edges e = source·k + r into each point, sources ascending (one 4-byte scatter per edge;
  // the source is e / k and the weight w[e]).
  const revPtr = new Int32Array(n + 1);
  for (let e = 0; e < n * k; e++) if (w[e] > 0) revPtr[indices[e] + 1]++;
  for (let i = 0; i < n; i++) revPtr[i + 1] += revPtr[i];
  const revEdge = new Int32Array(revPtr[n]);
  const fill = revPtr.slice(0, n);
  for (let e = 0; e < n * k; e++) if (w[e] > 0) revEdge[fill[indices[e]]++] = e;

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
    // (inlined adds: acc is all zero here, so the own cell is always the first touched)
    touched[nt++] = cellOf[i];
    acc[cellOf[i]] += 1;
    for (let r = 0; r < k; r++) {
      const v = w[i * k + r];
      if (!(v > 0)) continue;
      const cell = cellOf[indices[i * k + r]];
      if (acc[cell] === 0) touched[nt++] = cell;
      acc[cell] += 0.5 * v;
    }
    for (let q = revPtr[i]; q < revPtr[i + 1]; q++) {
      const e = revEdge[q];
      const cell = cellOf[(e / k) | 0];
      if (acc[cell] === 0) touched[nt++] = cell;
      acc[cell] += 0.5 * w[e];
    }
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
  const P = landmarkOperator(colPtr, colRow, colVal, tPtr, tCol, tVal, L);
  const potential = options.t === 2 ? squarePotential(P, L, colSum) : powerPotential(P, L, Math.max(1, options.t));
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
