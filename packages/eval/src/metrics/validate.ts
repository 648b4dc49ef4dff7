/**
 * Input checks shared by every metric. Bad input is the caller's data (a mask
 * file of the wrong size, a label map passed where a binary mask is needed), so
 * every failure is a CutsInputError naming what was wrong.
 */
import { CutsInputError } from '@cuts/core/browser';
import type { LabelMap, Mask } from '@cuts/core/browser';

type Grid = { readonly height: number; readonly width: number; readonly data: ArrayLike<number> };

/** Checks that a buffer holds height × width values and the size is positive. */
export function assertGrid(grid: Grid, what: string, context?: string): void {
  const { height, width } = grid;
  if (!Number.isInteger(height) || !Number.isInteger(width) || height <= 0 || width <= 0) {
    throw new CutsInputError(`${what} has an invalid size ${height}×${width}`, context);
  }
  if (grid.data.length !== height * width) {
    throw new CutsInputError(
      `${what} holds ${grid.data.length} values but its size ${height}×${width} needs ${height * width}`,
      context,
    );
  }
}

/** Checks that two grids have the same height and width. */
export function assertSameShape(a: Grid, b: Grid, whatA: string, whatB: string, context?: string): void {
  assertGrid(a, whatA, context);
  assertGrid(b, whatB, context);
  if (a.height !== b.height || a.width !== b.width) {
    throw new CutsInputError(
      `shape mismatch: ${whatA} is ${a.height}×${a.width} but ${whatB} is ${b.height}×${b.width}`,
      context,
    );
  }
}

/** Checks that every value of a mask is 0 or 1. */
export function assertBinary(mask: Grid, what: string, context?: string): void {
  const d = mask.data;
  for (let i = 0; i < d.length; i++) {
    const v = d[i];
    if (v !== 0 && v !== 1) {
      const y = Math.floor(i / mask.width);
      const x = i % mask.width;
      throw new CutsInputError(
        `${what} must be binary (0/1) but pixel (y=${y}, x=${x}) is ${v}; pass a label map through a protocol first`,
        context,
      );
    }
  }
}

/** Both masks binary and of the same shape: the precondition of every binary metric. */
export function assertMaskPair(pred: Mask, gt: Mask, context?: string): void {
  assertSameShape(pred, gt, 'prediction', 'ground truth', context);
  assertBinary(pred, 'prediction', context);
  assertBinary(gt, 'ground truth', context);
}

/** Checks that a label map has integer, non-negative ids. */
export function assertLabelMap(map: LabelMap, what: string, context?: string): void {
  assertGrid(map, what, context);
  const d = map.data;
  for (let i = 0; i < d.length; i++) {
    if (d[i] < 0) {
      throw new CutsInputError(`${what} has a negative cluster id ${d[i]} at index ${i}`, context);
    }
  }
}

/** Number of foreground (1) pixels. */
export function countForeground(mask: Mask): number {
  let n = 0;
  const d = mask.data;
  for (let i = 0; i < d.length; i++) n += d[i];
  return n;
}
