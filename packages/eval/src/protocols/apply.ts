/**
 * One entry point for all four protocols over one label map or a stack of
 * granularity levels. Every result names the protocol that produced it.
 */
import { CutsInputError } from '@cuts/core/browser';
import type { LabelMap, Mask, Protocol } from '@cuts/core/browser';
import { METRIC_DIRECTION, scoreMask } from '../metrics/score.js';
import type { MaskScores, MetricName } from '../metrics/score.js';
import { clusterMask, directMask, hintCluster, pointCluster } from './select.js';
import type { Click } from './select.js';

export type { Protocol } from '@cuts/core/browser';
/** Every protocol, in report order. */
export const PROTOCOLS: readonly Protocol[] = ['hint', 'point', 'oracle', 'direct'];

/** One label map, or a stack of them (granularity levels, coarse or fine first: any order). */
export type LabelMaps = LabelMap | readonly LabelMap[];

/** Options of `applyProtocol`: the level of a stack, the metric the oracle optimises, a context for errors. */
export interface ProtocolOptions {
  /** Which level of a stack the hint/point/direct protocols use (required for stacks of more than one). */
  readonly level?: number;
  /** Metric the oracle maximises (or minimises, for distances); default 'dice'. */
  readonly metric?: MetricName;
  /** Names the image in error messages. */
  readonly context?: string;
}

/** What `applyProtocol` chose: the mask, the cluster id, the level and the click, when they apply. */
export interface ProtocolResult {
  readonly protocol: Protocol;
  /** The binary mask the protocol produced (empty when the ground truth is empty and no cluster can be chosen). */
  readonly mask: Mask;
  /** The chosen cluster id; -1 when none could be chosen; 1 for `direct`. */
  readonly clusterId: number;
  /** Index of the level in the stack the mask came from (when a stack was given or the oracle chose). */
  readonly level?: number;
  /** Where the `point` protocol clicked. */
  readonly click?: Click;
  /** The label map the mask came from. */
  readonly labels: LabelMap;
}

export function asStack(labelMaps: LabelMaps): readonly LabelMap[] {
  return Array.isArray(labelMaps) ? (labelMaps as readonly LabelMap[]) : [labelMaps as LabelMap];
}

/** The level a non-oracle protocol reads, or a CutsInputError when a stack is ambiguous. */
export function pickLevel(stack: readonly LabelMap[], level: number | undefined, context?: string): number {
  if (stack.length === 0) throw new CutsInputError('no label map given (empty stack of levels)', context);
  if (level === undefined) {
    if (stack.length === 1) return 0;
    throw new CutsInputError(
      `a stack of ${stack.length} levels needs options.level for this protocol (or use "oracle")`,
      context,
    );
  }
  if (!Number.isInteger(level) || level < 0 || level >= stack.length) {
    throw new CutsInputError(`level ${level} is outside the stack of ${stack.length} levels`, context);
  }
  return level;
}

function single(protocol: Protocol, labels: LabelMap, gt: Mask, context?: string): Omit<ProtocolResult, 'level'> {
  switch (protocol) {
    case 'hint': {
      const clusterId = hintCluster(labels, gt, context);
      return { protocol, mask: clusterMask(labels, clusterId), clusterId, labels };
    }
    case 'point': {
      const { clusterId, click } = pointCluster(labels, gt, context);
      return { protocol, mask: clusterMask(labels, clusterId), clusterId, click, labels };
    }
    case 'direct':
      return { protocol, mask: directMask(labels, context), clusterId: 1, labels };
    default:
      throw new CutsInputError(
        `unknown protocol "${protocol as string}" (expected one of ${PROTOCOLS.join(', ')})`,
        context,
      );
  }
}

/** Per-level hint masks and their scores: what the oracle chooses from. */
export function scoreLevels(
  stack: readonly LabelMap[],
  gt: Mask,
  context?: string,
): { result: ProtocolResult; scores: MaskScores }[] {
  if (stack.length === 0) throw new CutsInputError('no label map given (empty stack of levels)', context);
  return stack.map((labels, level) => {
    const result = { ...single('hint', labels, gt, context), level, protocol: 'oracle' as const };
    return { result, scores: scoreMask(result.mask, gt, context) };
  });
}

/** Index of the best entry for a metric (first on ties). */
export function bestIndex(scores: readonly MaskScores[], metric: MetricName): number {
  const sign = METRIC_DIRECTION[metric] === 'max' ? 1 : -1;
  let best = 0;
  for (let i = 1; i < scores.length; i++) {
    if (sign * scores[i][metric] > sign * scores[best][metric]) best = i;
  }
  return best;
}

/**
 * Turns label map(s) into a binary mask with a protocol:
 * `hint`, `point`, `direct` read one level (`options.level` for stacks);
 * `oracle` applies `hint` to every level and keeps the best one for `options.metric`.
 */
export function applyProtocol(
  protocol: Protocol,
  labelMaps: LabelMaps,
  gt: Mask,
  options: ProtocolOptions = {},
): ProtocolResult {
  const stack = asStack(labelMaps);
  if (protocol === 'oracle') {
    const scored = scoreLevels(stack, gt, options.context);
    return scored[
      bestIndex(
        scored.map((s) => s.scores),
        options.metric ?? 'dice',
      )
    ].result;
  }
  const level = pickLevel(stack, options.level, options.context);
  const result = single(protocol, stack[level], gt, options.context);
  return Array.isArray(labelMaps) ? { ...result, level } : result;
}
