import type { Floats } from './distance.js';

/**
 * out = A · Bᵀ for row-major A (rows × inner) and B (cols × inner): every entry a dot
 * product of two contiguous rows, two rows of A against four of B per pass (8 sums in
 * registers, 6 loads per 8 multiply-adds instead of 3 per 1 in the textbook i-k-j loop).
 * `lowerB`: B is lower triangular (B[j][t] = 0 for t > j, e.g. the transpose of an upper
 * triangular factor), so each sum stops at its last non-zero term (at t = j, or the end of
 * j's block of four): the same values, the zero products skipped (an exact zero may differ in sign).
 */
export function mulABt(
  A: Floats,
  rows: number,
  B: Floats,
  cols: number,
  inner: number,
  out: Float64Array,
  lowerB = false,
): Float64Array {
  let i = 0;
  for (; i + 2 <= rows; i += 2) {
    const a0 = i * inner;
    const a1 = a0 + inner;
    let j = 0;
    for (; j + 4 <= cols; j += 4) {
      const b0 = j * inner;
      const b1 = b0 + inner;
      const b2 = b1 + inner;
      const b3 = b2 + inner;
      let s00 = 0,
        s01 = 0,
        s02 = 0,
        s03 = 0,
        s10 = 0,
        s11 = 0,
        s12 = 0,
        s13 = 0;
      const end = lowerB ? Math.min(inner, j + 4) : inner;
      for (let t = 0; t < end; t++) {
        const x0 = A[a0 + t];
        const x1 = A[a1 + t];
        const y0 = B[b0 + t];
        const y1 = B[b1 + t];
        const y2 = B[b2 + t];
        const y3 = B[b3 + t];
        s00 += x0 * y0;
        s01 += x0 * y1;
        s02 += x0 * y2;
        s03 += x0 * y3;
        s10 += x1 * y0;
        s11 += x1 * y1;
        s12 += x1 * y2;
        s13 += x1 * y3;
      }
      const o0 = i * cols + j;
      const o1 = o0 + cols;
      out[o0] = s00;
      out[o0 + 1] = s01;
      out[o0 + 2] = s02;
      out[o0 + 3] = s03;
      out[o1] = s10;
      out[o1 + 1] = s11;
      out[o1 + 2] = s12;
      out[o1 + 3] = s13;
    }
    for (; j < cols; j++) {
      const b0 = j * inner;
      let s0 = 0,
        s1 = 0;
      const end = lowerB ? Math.min(inner, j + 1) : inner;
      for (let t = 0; t < end; t++) {
        const y = B[b0 + t];
        s0 += A[a0 + t] * y;
        s1 += A[a1 + t] * y;
      }
      out[i * cols + j] = s0;
      out[(i + 1) * cols + j] = s1;
    }
  }
  for (; i < rows; i++) {
    const a0 = i * inner;
    for (let j = 0; j < cols; j++) {
      const b0 = j * inner;
      let s = 0;
      const end = lowerB ? Math.min(inner, j + 1) : inner;
      for (let t = 0; t < end; t++) s += A[a0 + t] * B[b0 + t];
      out[i * cols + j] = s;
    }
  }
  return out;
}

/**
 * out = A · Aᵀ (rows × rows) for row-major A (rows × inner): the same values as
 * mulABt(A, rows, A, rows, inner, out), bit for bit (x·y = y·x and every sum runs over t in
 * order), at about half the cost: blocks of eight rows against the rows from their own
 * block on, the lower triangle mirrored.
 */
export function mulAAt(A: Floats, rows: number, inner: number, out: Float64Array): Float64Array {
  const block = 8;
  const tmp = new Float64Array(block * rows);
  for (let i0 = 0; i0 < rows; i0 += block) {
    const here = Math.min(block, rows - i0);
    const cols = rows - i0;
    mulABt(A.subarray(i0 * inner, (i0 + here) * inner), here, A.subarray(i0 * inner), cols, inner, tmp);
    for (let r = 0; r < here; r++) for (let c = r; c < cols; c++) out[(i0 + r) * rows + i0 + c] = tmp[r * cols + c];
  }
  for (let i = 0; i < rows; i++) for (let j = 0; j < i; j++) out[i * rows + j] = out[j * rows + i];
  return out;
}

/** The transpose of a row-major rows × cols buffer (into `out`, float64 by default). */
export function transpose<T extends Floats = Float64Array>(A: Floats, rows: number, cols: number, out?: T): T {
  const res = (out ?? new Float64Array(rows * cols)) as T;
  for (let i = 0; i < rows; i++) {
    const o = i * cols;
    for (let j = 0; j < cols; j++) res[j * rows + i] = A[o + j];
  }
  return res;
}
