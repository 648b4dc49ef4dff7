/**
 * From a label map to a binary mask. Each function implements one protocol
 * of reference §4 / issue 5 on ONE label map:
 * - hint: the cluster occurring most often under the ground-truth foreground;
 * - point: the cluster under one click at the ground-truth pixel farthest from
 *   the mask boundary (image border counts as boundary);
 * - direct: the label map already is the mask (ids 0/1).
 */
import { createMask } from '@cuts/core/browser';
import type { LabelMap, Mask } from '@cuts/core/browser';
import { distanceTransform } from '../metrics/edt.js';
import { assertBinary, assertGrid, assertSameShape } from '../metrics/validate.js';

/** The mask of one cluster: 1 where `labels` equals `clusterId`. */
export function clusterMask(labels: LabelMap, clusterId: number): Mask {
  const mask = createMask(labels.height, labels.width);
  const l = labels.data;
  const m = mask.data;
  for (let i = 0; i < l.length; i++) m[i] = l[i] === clusterId ? 1 : 0;
  return mask;
}

/** Number of distinct cluster ids in a label map. */
export function countClusters(labels: LabelMap): number {
  return new Set(labels.data).size;
}

function checkPair(labels: LabelMap, gt: Mask, context?: string): void {
  assertSameShape(labels, gt, 'label map', 'ground truth', context);
  assertBinary(gt, 'ground truth', context);
}

/**
 * `hint`: the cluster id that occurs most often under the ground-truth
 * foreground (ties → the smallest id, as numpy's argmax of a bincount).
 * Returns -1 when the ground truth is empty (there is no hint to give).
 */
export function hintCluster(labels: LabelMap, gt: Mask, context?: string): number {
  checkPair(labels, gt, context);
  const counts = new Map<number, number>();
  const l = labels.data;
  const g = gt.data;
  for (let i = 0; i < l.length; i++) {
    if (g[i] !== 0) counts.set(l[i], (counts.get(l[i]) ?? 0) + 1);
  }
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

/** A pixel, as a row (`y`) and a column (`x`). */
export interface Click {
  readonly y: number;
  readonly x: number;
}

/**
 * The `point` protocol's click: the ground-truth foreground pixel farthest
 * (Euclidean) from the mask boundary, the image border counting as boundary;
 * ties → the first in row-major order. Undefined for an empty ground truth.
 */
export function pointClick(gt: Mask, context?: string): Click | undefined {
  assertGrid(gt, 'ground truth', context);
  assertBinary(gt, 'ground truth', context);
  const dist = distanceTransform(gt, { outsideIsBackground: true });
  let best = -1;
  let bestDist = 0;
  for (let i = 0; i < dist.length; i++) {
    if (dist[i] > bestDist) {
      bestDist = dist[i];
      best = i;
    }
  }
  if (best < 0) return undefined;
  return { y: Math.floor(best / gt.width), x: best % gt.width };
}

/** `point`: the cluster under {@link pointClick}; -1 for an empty ground truth. */
export function pointCluster(labels: LabelMap, gt: Mask, context?: string): { clusterId: number; click?: Click } {
  checkPair(labels, gt, context);
  const click = pointClick(gt, context);
  if (!click) return { clusterId: -1 };
  return { clusterId: labels.data[click.y * labels.width + click.x], click };
}

/** `direct`: the label map is the mask; its ids must be 0 and 1. */
export function directMask(labels: LabelMap, context?: string): Mask {
  assertGrid(labels, 'label map', context);
  assertBinary(labels, 'label map (protocol "direct")', context);
  const mask = createMask(labels.height, labels.width);
  for (let i = 0; i < mask.data.length; i++) mask.data[i] = labels.data[i];
  return mask;
}

/** Throws unless `labels` and `gt` can be compared; used before oracle scans. */
export function assertComparable(labels: LabelMap, gt: Mask, context?: string): void {
  checkPair(labels, gt, context);
}
