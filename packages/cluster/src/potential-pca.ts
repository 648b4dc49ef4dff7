import { Rng } from '@cuts/core';
import type { LandmarkPotential } from './landmark-potential.js';
import { mulAAt, mulABt, transpose } from './gemm.js';
import { symmetricEigen } from './pca.js';

export interface PotentialScores {
  /** n × components principal-component scores of the per-point potentials. */
  scores: Float32Array;
  components: number;
  /** Variance of each returned component, descending. */
  variances: Float64Array;
  /** Variance of every sketched component (≥ components), descending. */
  sketchVariances: Float64Array;
}

/**
 * PCA of the n × L matrix of per-point potentials X = T·Φ without forming it: a
 * randomized range finder (Halko et al. 2011) that only multiplies by Φ (L × L) and the
 * sparse transitions T, so the cost is O(L²·q + nnz(T)·q) instead of O(n·L·q).
 * `keep` picks how many leading components to return from the sketch's variances (all q by default).
 */
export function potentialPca(
  pot: LandmarkPotential,
  sketch: number,
  powerIterations: number,
  seed: number,
  keep?: (sketchVariances: Float64Array) => number,
): PotentialScores {
  const { n, L, tPtr, tCol, tVal, potential: Phi } = pot;
  const q = Math.max(1, Math.min(sketch, L, n));
  // Mean potential μ = (mean transition row) · Φ.
  const tbar = new Float64Array(L);
  for (let e = 0; e < tVal.length; e++) tbar[tCol[e]] += tVal[e];
  for (let l = 0; l < L; l++) tbar[l] /= n;
  const mu = new Float64Array(L);
  for (let r = 0; r < L; r++) {
    const a = tbar[r];
    if (a === 0) continue;
    const o = r * L;
    for (let c = 0; c < L; c++) mu[c] += a * Phi[o + c];
  }

  // Y = (X − 1μᵀ)·Ω for Ω (L × q).
  const applyX = (omega: Float64Array): Float64Array => {
    const W = mulABt(Phi, L, transpose(omega, L, q), q, L, new Float64Array(L * q)); // Φ·Ω
    const muOmega = new Float64Array(q);
    for (let c = 0; c < L; c++) for (let j = 0; j < q; j++) muOmega[j] += mu[c] * omega[c * q + j];
    const Y = new Float64Array(n * q);
    for (let i = 0; i < n; i++) {
      const yo = i * q;
      for (let j = 0; j < q; j++) Y[yo + j] = -muOmega[j];
      for (let e = tPtr[i]; e < tPtr[i + 1]; e++) {
        const v = tVal[e];
        const wo = tCol[e] * q;
        for (let j = 0; j < q; j++) Y[yo + j] += v * W[wo + j];
      }
    }
    return Y;
  };
  // (X − 1μᵀ)ᵀ·Y for Y (n × q).
  const PhiT = transpose(Phi, L, L, new Float32Array(L * L));
  const applyXt = (Y: Float64Array): Float64Array => {
    const U = new Float64Array(L * q); // Tᵀ·Y
    const colSum = new Float64Array(q);
    for (let i = 0; i < n; i++) {
      const yo = i * q;
      for (let j = 0; j < q; j++) colSum[j] += Y[yo + j];
      for (let e = tPtr[i]; e < tPtr[i + 1]; e++) {
        const v = tVal[e];
        const uo = tCol[e] * q;
        for (let j = 0; j < q; j++) U[uo + j] += v * Y[yo + j];
      }
    }
    const out = mulABt(PhiT, L, transpose(U, L, q), q, L, new Float64Array(L * q)); // Φᵀ·U − μ·colSumᵀ
    for (let c = 0; c < L; c++) for (let j = 0; j < q; j++) out[c * q + j] -= mu[c] * colSum[j];
    return out;
  };

  const rng = new Rng(seed);
  const omega = rng.fillNormal(new Float64Array(L * q));
  let Q = orthonormalizeColumns(applyX(omega), n, q);
  for (let it = 0; it < powerIterations; it++) Q = orthonormalizeColumns(applyX(applyXt(Q)), n, q);
  const Bt = applyXt(Q); // L × q = (Qᵀ X_c)ᵀ
  const gram: number[][] = [];
  for (let a = 0; a < q; a++) {
    const row = new Array<number>(q).fill(0);
    for (let b = 0; b < q; b++) {
      let s = 0;
      for (let l = 0; l < L; l++) s += Bt[l * q + a] * Bt[l * q + b];
      row[b] = s;
    }
    gram.push(row);
  }
  const { values, vectors } = symmetricEigen(gram);
  const sketchVariances = Float64Array.from(values, (v) => Math.max(0, v) / Math.max(1, n - 1));
  // Scores = Q · U · S (n × q), S = sqrt(eigenvalues).
  const US = new Float64Array(q * q);
  for (let j = 0; j < q; j++)
    for (let c = 0; c < q; c++) US[j * q + c] = vectors[j][c] * Math.sqrt(Math.max(0, values[c]));
  // Only the first `m` columns are formed (each the same sum as in the full product).
  const m = keep ? Math.max(1, Math.min(q, keep(sketchVariances))) : q;
  const scoresAll = new Float32Array(n * m);
  const acc = new Float64Array(m);
  for (let i = 0; i < n; i++) {
    acc.fill(0);
    for (let j = 0; j < q; j++) {
      const v = Q[i * q + j];
      const o = j * q;
      for (let c = 0; c < m; c++) acc[c] += v * US[o + c];
    }
    for (let c = 0; c < m; c++) scoresAll[i * m + c] = acc[c];
  }
  return { scores: scoresAll, components: m, variances: sketchVariances.slice(0, m), sketchVariances };
}

/**
 * Orthonormalises the columns of an n × q row-major buffer with CholeskyQR2 (Fukaya et al.
 * 2014): G = YᵀY, Y ← Y·R⁻¹ with R = chol(G), done twice. Row-major friendly; columns
 * that are numerically dependent are zeroed.
 */
export function orthonormalizeColumns(input: Float64Array, n: number, q: number): Float64Array {
  let Y: Float64Array = input;
  const Yt = new Float64Array(q * n);
  const G = new Float64Array(q * q);
  let next: Float64Array = new Float64Array(n * q);
  for (let pass = 0; pass < 2; pass++) {
    // G = YᵀY as dot products of Y's columns (each sum over rows in row order, as the
    // textbook loop), through the register-blocked kernel.
    mulAAt(transpose(Y, n, q, Yt), q, n, G);
    // Upper Cholesky factor R (G = RᵀR), then its inverse Rinv (upper triangular).
    const R = new Float64Array(q * q);
    let scale = 0;
    for (let a = 0; a < q; a++) scale = Math.max(scale, G[a * q + a]);
    const eps = scale * 1e-13 + 1e-300;
    for (let a = 0; a < q; a++) {
      let d = G[a * q + a];
      for (let p = 0; p < a; p++) d -= R[p * q + a] * R[p * q + a];
      const r = d > eps ? Math.sqrt(d) : 0;
      R[a * q + a] = r;
      for (let b = a + 1; b < q; b++) {
        let s = G[a * q + b];
        for (let p = 0; p < a; p++) s -= R[p * q + a] * R[p * q + b];
        R[a * q + b] = r > 0 ? s / r : 0;
      }
    }
    const Rinv = new Float64Array(q * q);
    for (let a = q - 1; a >= 0; a--) {
      const r = R[a * q + a];
      if (r === 0) continue;
      Rinv[a * q + a] = 1 / r;
      for (let b = a + 1; b < q; b++) {
        let s = 0;
        for (let p = a + 1; p <= b; p++) s += R[a * q + p] * Rinv[p * q + b];
        Rinv[a * q + b] = -s / r;
      }
    }
    // Y ← Y·R⁻¹ (R⁻¹ upper triangular: the zeros below its diagonal are skipped).
    mulABt(Y, n, transpose(Rinv, q, q), q, q, next, true);
    const done = Y;
    Y = next;
    next = done;
  }
  return Y;
}
