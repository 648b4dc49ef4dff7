/**
 * Overlap metrics between two binary masks: Dice, IoU, precision, recall.
 * All use the paper's smoothing ε = 1e-12 in numerator and denominator, so two
 * empty masks score 1 (perfect agreement) instead of 0/0.
 */
import type { Mask } from '@cuts/core/browser';
import { assertMaskPair } from './validate.js';

/** The paper's smoothing constant (reference §4). */
export const DICE_EPSILON = 1e-12;

export interface ConfusionCounts {
  /** Pixels foreground in both. */
  readonly truePositive: number;
  /** Foreground in the prediction only. */
  readonly falsePositive: number;
  /** Foreground in the ground truth only. */
  readonly falseNegative: number;
  /** Background in both. */
  readonly trueNegative: number;
}

/** Pixel confusion counts of a binary prediction against a binary ground truth. */
export function confusionCounts(pred: Mask, gt: Mask, context?: string): ConfusionCounts {
  assertMaskPair(pred, gt, context);
  const p = pred.data;
  const g = gt.data;
  let tp = 0;
  let np = 0;
  let ng = 0;
  for (let i = 0; i < p.length; i++) {
    tp += p[i] & g[i];
    np += p[i];
    ng += g[i];
  }
  return { truePositive: tp, falsePositive: np - tp, falseNegative: ng - tp, trueNegative: p.length - np - ng + tp };
}

/** Overlap scores derived from confusion counts. */
export interface OverlapScores {
  readonly dice: number;
  readonly iou: number;
  readonly precision: number;
  readonly recall: number;
}

export function overlapFromCounts(c: ConfusionCounts): OverlapScores {
  const tp = c.truePositive;
  const np = tp + c.falsePositive;
  const ng = tp + c.falseNegative;
  const e = DICE_EPSILON;
  return {
    dice: (2 * tp + e) / (np + ng + e),
    iou: (tp + e) / (np + ng - tp + e),
    precision: (tp + e) / (np + e),
    recall: (tp + e) / (ng + e),
  };
}

/** Dice = (2|P∩G| + 1e-12) / (|P| + |G| + 1e-12). */
export function dice(pred: Mask, gt: Mask): number {
  return overlapFromCounts(confusionCounts(pred, gt)).dice;
}

/** IoU (Jaccard) = (|P∩G| + 1e-12) / (|P∪G| + 1e-12). */
export function iou(pred: Mask, gt: Mask): number {
  return overlapFromCounts(confusionCounts(pred, gt)).iou;
}

/** Precision = (|P∩G| + 1e-12) / (|P| + 1e-12); 1 for an empty prediction. */
export function precision(pred: Mask, gt: Mask): number {
  return overlapFromCounts(confusionCounts(pred, gt)).precision;
}

/** Recall = (|P∩G| + 1e-12) / (|G| + 1e-12); 1 for an empty ground truth. */
export function recall(pred: Mask, gt: Mask): number {
  return overlapFromCounts(confusionCounts(pred, gt)).recall;
}
