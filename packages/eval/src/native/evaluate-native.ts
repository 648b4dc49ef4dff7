/**
 * Native-grid scores beside the model-grid ones.
 *
 * 2D images: a row scored on the 128² model grid chose a cluster (and, for the
 * oracle, a level); the same cluster of the native label map (nearest-neighbour
 * upsampling keeps ids) is scored against the native mask: `nativeScoresForRow`.
 *
 * Volumes are scored as volumes (`evaluateVolume`): the protocol picks its
 * cluster on the native 3D label volume (hint: most frequent id under the mask;
 * point: the id at the mask voxel farthest from the mask boundary in mm;
 * direct: ids 0/1; oracle: hint per level, the level with the best native
 * Dice), and the same id is scored on the native grid (Dice, HD, HD95 in mm)
 * and on the stack of 128² slices (dice, iou, hd, hd95 in model pixels with
 * slices one pixel apart, ssim = mean of per-slice mask SSIM).
 */
import { CutsInputError, createMask, type Protocol } from '@cuts/core/browser';
import type { ImageScore } from '../evaluate.js';
import { confusionCounts, overlapFromCounts } from '../metrics/overlap.js';
import { maskSsim } from '../metrics/ssim.js';
import type { MaskScores } from '../metrics/score.js';
import { gridSize, squaredDistanceToSitesNd, type NativeGrid } from './edt-nd.js';
import { scoreNativeMask, type NativeScores } from './score-native.js';

/** Binary mask of `clusterId` (direct: every non-zero id). */
export function selectCluster(labels: Int32Array, clusterId: number, protocol: Protocol): Uint8Array {
  const out = new Uint8Array(labels.length);
  if (protocol === 'direct') {
    for (let i = 0; i < labels.length; i++) out[i] = labels[i] !== 0 ? 1 : 0;
  } else {
    for (let i = 0; i < labels.length; i++) out[i] = labels[i] === clusterId ? 1 : 0;
  }
  return out;
}

/** Native columns for a model-grid row (2D images): the row's cluster and level on the native grid. */
export function nativeScoresForRow(
  row: Pick<ImageScore, 'protocol' | 'clusterId' | 'level'>,
  nativeLevels: readonly Int32Array[],
  gt: Uint8Array,
  grid: NativeGrid,
  context?: string,
): NativeScores {
  const level = row.level ?? 0;
  const labels = nativeLevels[nativeLevels.length === 1 ? 0 : level];
  if (!labels)
    throw new CutsInputError(`no native label map for level ${level} (${nativeLevels.length} given)`, context);
  return scoreNativeMask(selectCluster(labels, row.clusterId, row.protocol), gt, grid, context);
}

/** Most frequent id under the mask (ties: smallest id); -1 for an empty mask. */
export function hintId(labels: Int32Array, gt: Uint8Array): number {
  const counts = new Map<number, number>();
  for (let i = 0; i < labels.length; i++) if (gt[i] !== 0) counts.set(labels[i], (counts.get(labels[i]) ?? 0) + 1);
  let best = -1;
  let bestCount = 0;
  for (const [id, n] of counts) {
    if (n > bestCount || (n === bestCount && id < best)) {
      best = id;
      bestCount = n;
    }
  }
  return best;
}

/** Index of the mask voxel farthest (in mm) from the mask boundary, the grid border counting as boundary; -1 if empty. */
export function pointVoxel(gt: Uint8Array, grid: NativeGrid): number {
  // Pad by one voxel of background on every side.
  const pd = grid.dims.map((d) => d + 2);
  const padded = new Uint8Array(gridSize(pd)).fill(1);
  const nd = grid.dims.length;
  const idx = new Array<number>(nd).fill(0);
  for (let i = 0; i < gt.length; i++) {
    let p = 0;
    let stride = 1;
    for (let a = 0; a < nd; a++) {
      p += (idx[a] + 1) * stride;
      stride *= pd[a];
    }
    padded[p] = gt[i] === 0 ? 1 : 0;
    for (let a = 0; a < nd; a++) {
      if (++idx[a] < grid.dims[a]) break;
      idx[a] = 0;
    }
  }
  const d2 = squaredDistanceToSitesNd(padded, { dims: pd, spacing: grid.spacing });
  let best = -1;
  let bestD = 0;
  idx.fill(0);
  for (let i = 0; i < gt.length; i++) {
    if (gt[i] !== 0) {
      let p = 0;
      let stride = 1;
      for (let a = 0; a < nd; a++) {
        p += (idx[a] + 1) * stride;
        stride *= pd[a];
      }
      if (d2[p] > bestD) {
        bestD = d2[p];
        best = i;
      }
    }
    for (let a = 0; a < nd; a++) {
      if (++idx[a] < grid.dims[a]) break;
      idx[a] = 0;
    }
  }
  return best;
}

/** Label volumes and the ground truth on one grid (native or model). */
export interface VolumeLabels {
  /** One label volume, or granularity levels (coarse → fine) with the same ids on both grids. */
  readonly levels: readonly Int32Array[];
  readonly gt: Uint8Array;
  readonly grid: NativeGrid;
}

/** What `evaluateVolume` scores: one volume, one method, its labels on the native grid and the model slice stack. */
export interface EvaluateVolumeArgs {
  readonly image: string;
  readonly method: string;
  readonly native: VolumeLabels;
  /** The same labels on the stack of model-input slices ([size, size, slices]). */
  readonly model: VolumeLabels;
  readonly protocols: readonly Protocol[];
}

function modelScores(pred: Uint8Array, gt: Uint8Array, grid: NativeGrid, context: string): MaskScores {
  const [w, h, nz] = grid.dims;
  const plane = w * h;
  const all = createMask(plane * nz, 1, pred);
  const counts = confusionCounts(all, createMask(plane * nz, 1, gt), context);
  const overlap = overlapFromCounts(counts);
  const d = scoreNativeMask(pred, gt, { dims: grid.dims, spacing: null }, context);
  let ssim = 0;
  for (let k = 0; k < nz; k++) {
    ssim += maskSsim(
      createMask(h, w, pred.subarray(k * plane, (k + 1) * plane)),
      createMask(h, w, gt.subarray(k * plane, (k + 1) * plane)),
      {},
      context,
    );
  }
  return { ...overlap, hd: d.hd_native, hd95: d.hd95_native, ssim: ssim / nz };
}

function countIds(labels: Int32Array): number {
  return new Set(labels).size;
}

/** Rows for one volume and method, one per protocol, with model-grid and native columns. */
export function evaluateVolume(args: EvaluateVolumeArgs): (ImageScore & NativeScores)[] {
  const { native, model, image, method } = args;
  if (native.levels.length !== model.levels.length || native.levels.length === 0) {
    throw new CutsInputError(
      `native and model label stacks differ (${native.levels.length} vs ${model.levels.length} levels)`,
      image,
    );
  }
  const row = (protocol: Protocol, level: number, clusterId: number): ImageScore & NativeScores => {
    const nat = scoreNativeMask(
      selectCluster(native.levels[level], clusterId, protocol),
      native.gt,
      native.grid,
      image,
    );
    const mod = modelScores(selectCluster(model.levels[level], clusterId, protocol), model.gt, model.grid, image);
    return {
      image,
      method,
      protocol,
      ...mod,
      clusters: countIds(native.levels[level]),
      clusterId,
      ...(native.levels.length > 1 ? { level } : {}),
      ...nat,
    };
  };
  const last = native.levels.length - 1;
  return args.protocols.map((protocol) => {
    if (protocol === 'oracle') {
      let best = row('oracle', 0, hintId(native.levels[0], native.gt));
      for (let l = 1; l <= last; l++) {
        const r = row('oracle', l, hintId(native.levels[l], native.gt));
        if (r.dice_native > best.dice_native) best = r;
      }
      return best;
    }
    if (native.levels.length > 1)
      throw new CutsInputError(
        `protocol ${protocol} needs a single label volume, got ${native.levels.length} levels`,
        image,
      );
    const labels = native.levels[0];
    if (protocol === 'hint') return row(protocol, 0, hintId(labels, native.gt));
    if (protocol === 'point') {
      const v = pointVoxel(native.gt, native.grid);
      return row(protocol, 0, v < 0 ? -1 : labels[v]);
    }
    return row(protocol, 0, 1);
  });
}
