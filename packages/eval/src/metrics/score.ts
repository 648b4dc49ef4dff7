/** All binary-mask metrics of one prediction in one pass (distance transforms computed once). */
import type { Mask } from '@cuts/core/browser';
import { directedDistances, emptyMaskDistance, percentileOfSorted } from './hausdorff.js';
import { confusionCounts, overlapFromCounts } from './overlap.js';
import { maskSsim } from './ssim.js';

/** Every binary-mask metric of one prediction (`scoreMask`). */
export interface MaskScores {
  readonly dice: number;
  readonly iou: number;
  readonly precision: number;
  readonly recall: number;
  /** Symmetric Hausdorff distance in pixels. */
  readonly hd: number;
  /** 95th-percentile Hausdorff distance in pixels. */
  readonly hd95: number;
  /** SSIM between the masks (7×7 window, data range of the ground truth). */
  readonly ssim: number;
}

/** Names of the metrics in {@link MaskScores}, with whether larger is better. */
export const METRIC_DIRECTION = {
  dice: 'max',
  iou: 'max',
  precision: 'max',
  recall: 'max',
  hd: 'min',
  hd95: 'min',
  ssim: 'max',
} as const satisfies Record<keyof MaskScores, 'max' | 'min'>;
/** A metric `scoreMask` computes. */
export type MetricName = keyof MaskScores;

/** Scores a binary prediction against a binary ground truth (same shape; CutsInputError otherwise). */
export function scoreMask(pred: Mask, gt: Mask, context?: string): MaskScores {
  const counts = confusionCounts(pred, gt, context);
  const overlap = overlapFromCounts(counts);
  const np = counts.truePositive + counts.falsePositive;
  const ng = counts.truePositive + counts.falseNegative;
  let hd: number;
  let hd95: number;
  if (np === 0 && ng === 0) {
    hd = 0;
    hd95 = 0;
  } else if (np === 0 || ng === 0) {
    hd = emptyMaskDistance(gt.height, gt.width);
    hd95 = hd;
  } else {
    const pg = directedDistances(pred, gt).sort();
    const gp = directedDistances(gt, pred).sort();
    hd = Math.max(pg[pg.length - 1], gp[gp.length - 1]);
    hd95 = Math.max(percentileOfSorted(pg, 95), percentileOfSorted(gp, 95));
  }
  return { ...overlap, hd, hd95, ssim: maskSsim(pred, gt, {}, context) };
}
