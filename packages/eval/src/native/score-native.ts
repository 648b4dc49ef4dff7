/**
 * Dice and Hausdorff / HD95 of a binary prediction on the source grid (2D
 * image or 3D volume), distances in millimetres when the voxel spacing is
 * known, else in pixels. Conventions match metrics/score.ts: distances run
 * from every foreground voxel of one mask to the nearest foreground voxel of
 * the other; HD95 is the larger directed 95th percentile (numpy's linear
 * interpolation); two empty masks score 0; exactly one empty mask scores the
 * grid's physical diagonal.
 */
import { CutsInputError } from '@cuts/core/browser';
import { percentileOfSorted } from '../metrics/hausdorff.js';
import { DICE_EPSILON } from '../metrics/overlap.js';
import { gridSize, squaredDistanceToSitesNd, type NativeGrid } from './edt-nd.js';

/** Units of source-grid distances: mm with a voxel spacing, px without. */
export type DistanceUnits = 'mm' | 'px';

/** Dice, Hausdorff and HD95 on the source grid (`scoreNativeMask`). */
export interface NativeScores {
  readonly dice_native: number;
  readonly hd_native: number;
  readonly hd95_native: number;
  readonly units: DistanceUnits;
}

function directed(from: Uint8Array, to: Uint8Array, grid: NativeGrid): Float64Array {
  const d2 = squaredDistanceToSitesNd(to, grid);
  let count = 0;
  for (let i = 0; i < from.length; i++) if (from[i] !== 0) count++;
  const out = new Float64Array(count);
  let j = 0;
  for (let i = 0; i < from.length; i++) if (from[i] !== 0) out[j++] = Math.sqrt(d2[i]);
  return out.sort();
}

/** The physical diagonal of the grid (mm, or voxels without spacing). */
export function gridDiagonal(grid: NativeGrid): number {
  return Math.hypot(...grid.dims.map((d, a) => d * (grid.spacing ? grid.spacing[a] : 1)));
}

/** Scores a binary prediction on a 2D or 3D source grid; distances in mm with `grid.spacing`, px without. */
export function scoreNativeMask(pred: Uint8Array, gt: Uint8Array, grid: NativeGrid, context?: string): NativeScores {
  const n = gridSize(grid.dims);
  if (pred.length !== n || gt.length !== n) {
    throw new CutsInputError(
      `native masks hold ${pred.length} and ${gt.length} values but the grid ${grid.dims.join('×')} has ${n}`,
      context,
    );
  }
  const units: DistanceUnits = grid.spacing ? 'mm' : 'px';
  let tp = 0;
  let np = 0;
  let ng = 0;
  for (let i = 0; i < n; i++) {
    const p = pred[i] !== 0;
    const g = gt[i] !== 0;
    if (p) np++;
    if (g) ng++;
    if (p && g) tp++;
  }
  const dice = (2 * tp + DICE_EPSILON) / (np + ng + DICE_EPSILON);
  if (np === 0 && ng === 0) return { dice_native: dice, hd_native: 0, hd95_native: 0, units };
  if (np === 0 || ng === 0) {
    const d = gridDiagonal(grid);
    return { dice_native: dice, hd_native: d, hd95_native: d, units };
  }
  const pg = directed(pred, gt, grid);
  const gp = directed(gt, pred, grid);
  return {
    dice_native: dice,
    hd_native: Math.max(pg[pg.length - 1], gp[gp.length - 1]),
    hd95_native: Math.max(percentileOfSorted(pg, 95), percentileOfSorted(gp, 95)),
    units,
  };
}
