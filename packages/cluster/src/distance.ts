/**
 * Tight distance kernels on flat row-major buffers. Float32 storage, float64
 * accumulation, four independent accumulators so V8 can keep the FPU busy.
 */
export type Floats = Float32Array | Float64Array;

/** Squared Euclidean distance between row `i` of `a` and row `j` of `b` (both `dim` wide). */
export function sqDist(a: Floats, i: number, b: Floats, j: number, dim: number): number {
  let oa = i * dim;
  let ob = j * dim;
  const end = oa + dim;
  const end4 = oa + (dim & ~3);
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  while (oa < end4) {
    const d0 = a[oa] - b[ob];
    const d1 = a[oa + 1] - b[ob + 1];
    const d2 = a[oa + 2] - b[ob + 2];
    const d3 = a[oa + 3] - b[ob + 3];
    s0 += d0 * d0;
    s1 += d1 * d1;
    s2 += d2 * d2;
    s3 += d3 * d3;
    oa += 4;
    ob += 4;
  }
  while (oa < end) {
    const d0 = a[oa++] - b[ob++];
    s0 += d0 * d0;
  }
  return s0 + s1 + s2 + s3;
}

/**
 * sqDist(a, i, b, j, dim) < limit, decided early: the four partial sums only grow (rounding
 * is monotone and every term is ≥ 0), so once they reach `limit` after a block of four
 * columns the full sum would too. Same answer as the full sum, fewer columns read.
 */
export function sqDistBelow(a: Floats, i: number, b: Floats, j: number, dim: number, limit: number): boolean {
  let oa = i * dim;
  let ob = j * dim;
  const end = oa + dim;
  const end4 = oa + (dim & ~3);
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  while (oa < end4) {
    const d0 = a[oa] - b[ob];
    const d1 = a[oa + 1] - b[ob + 1];
    const d2 = a[oa + 2] - b[ob + 2];
    const d3 = a[oa + 3] - b[ob + 3];
    s0 += d0 * d0;
    s1 += d1 * d1;
    s2 += d2 * d2;
    s3 += d3 * d3;
    oa += 4;
    ob += 4;
    if (s0 + s1 + s2 + s3 >= limit) return false;
  }
  while (oa < end) {
    const d0 = a[oa++] - b[ob++];
    s0 += d0 * d0;
  }
  return s0 + s1 + s2 + s3 < limit;
}

/** Dot product of row `i` of `a` with row `j` of `b`. */
export function dot(a: Floats, i: number, b: Floats, j: number, dim: number): number {
  let oa = i * dim;
  let ob = j * dim;
  const end = oa + dim;
  const end4 = oa + (dim & ~3);
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  while (oa < end4) {
    s0 += a[oa] * b[ob];
    s1 += a[oa + 1] * b[ob + 1];
    s2 += a[oa + 2] * b[ob + 2];
    s3 += a[oa + 3] * b[ob + 3];
    oa += 4;
    ob += 4;
  }
  while (oa < end) s0 += a[oa++] * b[ob++];
  return s0 + s1 + s2 + s3;
}

/** Squared norms of every row. */
export function rowSqNorms(a: Floats, rows: number, dim: number): Float64Array {
  const out = new Float64Array(rows);
  for (let i = 0; i < rows; i++) out[i] = dot(a, i, a, i, dim);
  return out;
}
