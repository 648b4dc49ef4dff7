import { CutsInputError, type EmbeddingMatrix } from '@cuts/core';

/**
 * Checks an embedding matrix before clustering: non-empty, shape consistent with its
 * buffer, every value finite. Errors name `what` (a file or config key) and the first
 * bad row so the user can find it.
 */
export function assertMatrix(matrix: EmbeddingMatrix, what = 'embedding matrix'): void {
  const { rows, dim, data } = matrix;
  if (!Number.isInteger(rows) || !Number.isInteger(dim) || rows <= 0 || dim <= 0) {
    throw new CutsInputError(`empty matrix (${rows} rows × ${dim} columns); nothing to cluster`, what);
  }
  if (data.length !== rows * dim) {
    throw new CutsInputError(
      `buffer has ${data.length} values but ${rows} × ${dim} = ${rows * dim} were declared`,
      what,
    );
  }
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (v - v !== 0) {
      const row = Math.floor(i / dim);
      throw new CutsInputError(
        `row ${row}, column ${i % dim} is ${v}; every value must be finite (NaN/Infinity rows cannot be clustered)`,
        what,
      );
    }
  }
}

/** Checks a cluster count against the number of points. */
export function assertClusterCount(k: number, rows: number, what = 'k'): void {
  if (!Number.isInteger(k) || k < 1) throw new CutsInputError(`must be a positive integer, got ${k}`, what);
  if (k > rows)
    throw new CutsInputError(`asks for ${k} clusters but the matrix has only ${rows} rows (k must be ≤ N)`, what);
}

/** Checks that an image grid matches the matrix (one row per pixel). */
export function assertGrid(grid: { height: number; width: number }, rows: number, what = 'grid'): void {
  const { height, width } = grid;
  if (!Number.isInteger(height) || !Number.isInteger(width) || height <= 0 || width <= 0) {
    throw new CutsInputError(`height and width must be positive integers, got ${height} × ${width}`, what);
  }
  if (height * width !== rows) {
    throw new CutsInputError(`${height} × ${width} = ${height * width} pixels but the matrix has ${rows} rows`, what);
  }
}
