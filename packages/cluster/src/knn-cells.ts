import { dot } from './distance.js';

/**
 * Candidate scan of the cell search in knnGraph: squared distances (via norms and dot
 * products) from query rows to every member of one cell, appended in member order with the
 * query itself skipped. Two queries of the same cell mostly visit the same cells, so a
 * shared cell is scanned for both at once (2 × 4 dot products per pass over the rows: 6
 * loads per 8 multiply-adds instead of 10); every sum runs in the same order as for one
 * query, so the candidates are bit-identical either way.
 */
export interface Candidates {
  d: Float64Array;
  i: Int32Array;
  /** Write position: the next candidate goes to d[m], i[m]. */
  m: number;
}

/** Appends the members lo..hi-1 (except `a`) to `out` from its position out.m. */
export function scanCell(
  x: Float32Array,
  norms: Float64Array,
  dim: number,
  a: number,
  lo: number,
  hi: number,
  out: Candidates,
): void {
  let m = out.m;
  const oa = a * dim;
  const na = norms[a];
  let b = lo;
  for (; b + 4 <= hi; b += 4) {
    const o0 = b * dim;
    const o1 = o0 + dim;
    const o2 = o1 + dim;
    const o3 = o2 + dim;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    for (let t = 0; t < dim; t++) {
      const v = x[oa + t];
      s0 += v * x[o0 + t];
      s1 += v * x[o1 + t];
      s2 += v * x[o2 + t];
      s3 += v * x[o3 + t];
    }
    m = push(out, m, a, b, na + norms[b] - 2 * s0);
    m = push(out, m, a, b + 1, na + norms[b + 1] - 2 * s1);
    m = push(out, m, a, b + 2, na + norms[b + 2] - 2 * s2);
    m = push(out, m, a, b + 3, na + norms[b + 3] - 2 * s3);
  }
  for (; b < hi; b++) if (b !== a) m = push(out, m, a, b, na + norms[b] - 2 * dot(x, a, x, b, dim));
  out.m = m;
}

/** scanCell for two queries a0, a1 at once, appending to out0 and out1. */
export function scanCellPair(
  x: Float32Array,
  norms: Float64Array,
  dim: number,
  a0: number,
  a1: number,
  lo: number,
  hi: number,
  out0: Candidates,
  out1: Candidates,
): void {
  let m0 = out0.m;
  let m1 = out1.m;
  const p = a0 * dim;
  const q = a1 * dim;
  const n0 = norms[a0];
  const n1 = norms[a1];
  let b = lo;
  for (; b + 4 <= hi; b += 4) {
    const o0 = b * dim;
    const o1 = o0 + dim;
    const o2 = o1 + dim;
    const o3 = o2 + dim;
    let s00 = 0,
      s01 = 0,
      s02 = 0,
      s03 = 0,
      s10 = 0,
      s11 = 0,
      s12 = 0,
      s13 = 0;
    for (let t = 0; t < dim; t++) {
      const v = x[p + t];
      const w = x[q + t];
      const y0 = x[o0 + t];
      const y1 = x[o1 + t];
      const y2 = x[o2 + t];
      const y3 = x[o3 + t];
      s00 += v * y0;
      s01 += v * y1;
      s02 += v * y2;
      s03 += v * y3;
      s10 += w * y0;
      s11 += w * y1;
      s12 += w * y2;
      s13 += w * y3;
    }
    m0 = push(out0, m0, a0, b, n0 + norms[b] - 2 * s00);
    m0 = push(out0, m0, a0, b + 1, n0 + norms[b + 1] - 2 * s01);
    m0 = push(out0, m0, a0, b + 2, n0 + norms[b + 2] - 2 * s02);
    m0 = push(out0, m0, a0, b + 3, n0 + norms[b + 3] - 2 * s03);
    m1 = push(out1, m1, a1, b, n1 + norms[b] - 2 * s10);
    m1 = push(out1, m1, a1, b + 1, n1 + norms[b + 1] - 2 * s11);
    m1 = push(out1, m1, a1, b + 2, n1 + norms[b + 2] - 2 * s12);
    m1 = push(out1, m1, a1, b + 3, n1 + norms[b + 3] - 2 * s13);
  }
  for (; b < hi; b++) {
    if (b !== a0) m0 = push(out0, m0, a0, b, n0 + norms[b] - 2 * dot(x, a0, x, b, dim));
    if (b !== a1) m1 = push(out1, m1, a1, b, n1 + norms[b] - 2 * dot(x, a1, x, b, dim));
  }
  out0.m = m0;
  out1.m = m1;
}

function push(out: Candidates, m: number, a: number, b: number, d: number): number {
  if (b === a) return m;
  out.d[m] = d > 0 ? d : 0;
  out.i[m] = b;
  return m + 1;
}
