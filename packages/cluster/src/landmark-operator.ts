/**
 * The landmark operator of landmarkPotential and its diffusion potential, in sparse rows:
 * P = pmn·T is built one landmark row at a time into a cache-resident accumulator and
 * compressed at once (no dense L × L operator, no second scan of it), and for t = 2 the
 * potential −log(P² + 1e-7) is written straight into the float32 result (no float64 L × L
 * copy of P², no separate pass). Every sum runs in the same order as the dense version, so
 * the potential is bit-identical to it (landmark-operator.test.ts checks this).
 */

export interface SparseRows {
  ptr: Int32Array;
  col: Int32Array;
  val: Float64Array;
}

/** −log(1e-7): the potential of a zero entry of Pᵗ. */
export const POTENTIAL_FLOOR = -Math.log(1e-7);

/**
 * P = pmn·T (L × L, sparse rows with ascending columns) from pmn's rows (colPtr, colRow,
 * colVal: landmark l's points and weights) and T's rows (tPtr, tCol, tVal).
 */
export function landmarkOperator(
  colPtr: Int32Array,
  colRow: Int32Array,
  colVal: Float64Array,
  tPtr: Int32Array,
  tCol: Int32Array,
  tVal: Float64Array,
  L: number,
): SparseRows {
  const acc = new Float64Array(L);
  const ptr = new Int32Array(L + 1);
  let col = new Int32Array(Math.max(16, 8 * L));
  let val = new Float64Array(col.length);
  let nnz = 0;
  for (let l = 0; l < L; l++) {
    for (let q = colPtr[l]; q < colPtr[l + 1]; q++) {
      const i = colRow[q];
      const a = colVal[q];
      for (let f = tPtr[i]; f < tPtr[i + 1]; f++) acc[tCol[f]] += a * tVal[f];
    }
    if (nnz + L > col.length) {
      const size = Math.max(2 * col.length, nnz + L);
      const c2 = new Int32Array(size);
      c2.set(col.subarray(0, nnz));
      col = c2;
      const v2 = new Float64Array(size);
      v2.set(val.subarray(0, nnz));
      val = v2;
    }
    for (let c = 0; c < L; c++) {
      const v = acc[c];
      if (v !== 0) {
        col[nnz] = c;
        val[nnz++] = v;
        acc[c] = 0;
      }
    }
    ptr[l + 1] = nnz;
  }
  return { ptr, col: col.slice(0, nnz), val: val.slice(0, nnz) };
}

/**
 * −log(P² + 1e-7) (float32, L × L) for P = D⁻¹S with S symmetric and D = diag(d) (true of
 * the landmark operator: S_lm = Σ_i raw_il·raw_im / rowSum_i, d = colSum). W = D^½·P·D^-½
 * is symmetric, so only the upper triangle of W² is computed (sparse rows, columns ≥ r
 * found by binary search); P² = D^-½·W²·D^½ is then read in 64 × 64 tiles (the lower
 * triangle from the transposed upper one) and its −log written row by row.
 */
export function squarePotential(P: SparseRows, L: number, d: Float64Array): Float32Array {
  const sq = Float64Array.from(d, Math.sqrt);
  const { ptr, col } = P;
  const val = new Float64Array(P.val.length);
  for (let r = 0; r < L; r++) for (let f = ptr[r]; f < ptr[r + 1]; f++) val[f] = (P.val[f] * sq[r]) / sq[col[f]];
  const upper = new Float64Array(L * L); // W² for columns ≥ row
  const acc = new Float64Array(L);
  for (let r = 0; r < L; r++) {
    acc.fill(0, r);
    for (let f = ptr[r]; f < ptr[r + 1]; f++) {
      const c = col[f];
      const a = val[f];
      let lo = ptr[c];
      let hi = ptr[c + 1];
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (col[mid] < r) lo = mid + 1;
        else hi = mid;
      }
      for (let g = lo; g < ptr[c + 1]; g++) acc[col[g]] += a * val[g];
    }
    upper.set(acc.subarray(r, L), r * L + r);
  }
  const potential = new Float32Array(L * L);
  const B = 64;
  for (let i0 = 0; i0 < L; i0 += B) {
    const i1 = Math.min(L, i0 + B);
    for (let j0 = 0; j0 < L; j0 += B) {
      const j1 = Math.min(L, j0 + B);
      for (let i = i0; i < i1; i++) {
        const si = sq[i];
        const o = i * L;
        for (let j = j0; j < j1; j++) {
          const w = i <= j ? upper[o + j] : upper[j * L + i];
          potential[o + j] = w === 0 ? POTENTIAL_FLOOR : -Math.log((w / si) * sq[j] + 1e-7);
        }
      }
    }
  }
  return potential;
}

/** −log(Pᵗ + 1e-7) (float32) of a sparse-ish row-stochastic L × L matrix, any t ≥ 1 (dense storage, sparse row products). */
export function powerPotential(P: SparseRows, L: number, t: number): Float32Array {
  const { ptr, col, val } = P;
  let cur = new Float64Array(L * L);
  for (let r = 0; r < L; r++) for (let f = ptr[r]; f < ptr[r + 1]; f++) cur[r * L + col[f]] = val[f];
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
  const potential = new Float32Array(L * L);
  for (let q = 0; q < L * L; q++) potential[q] = cur[q] === 0 ? POTENTIAL_FLOOR : -Math.log(cur[q] + 1e-7);
  return potential;
}
