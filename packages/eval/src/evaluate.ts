/** Scores of one image under one or more protocols: the rows of the per-image CSV. */
import type { LabelMap, Mask, Protocol } from '@cuts/core/browser';
import { scoreMask } from './metrics/score.js';
import type { MaskScores, MetricName } from './metrics/score.js';
import { applyProtocol, asStack, bestIndex, scoreLevels } from './protocols/apply.js';
import type { LabelMaps } from './protocols/apply.js';
import { countClusters } from './protocols/select.js';

/** One row of metrics.csv: one image × method × protocol, with every metric. */
export interface ImageScore extends MaskScores {
  /** Image id (file stem). */
  readonly image: string;
  /** Method name: kmeans, spectral_kmeans, diffusion_persistent, diffusion_best, otsu, … */
  readonly method: string;
  /** The protocol that produced every number in this row. */
  readonly protocol: Protocol;
  /** Distinct cluster ids in the label map used (for the oracle: at its Dice-best level). */
  readonly clusters: number;
  /** The chosen cluster (-1 if none; 1 for direct); for the oracle, at its Dice-best level. */
  readonly clusterId: number;
  /** Level of the stack used; for the oracle, its Dice-best level. */
  readonly level?: number;
  /** Oracle only: the level chosen for each metric. */
  readonly oracleLevels?: Readonly<Record<MetricName, number>>;
  /** Dice of the same selection on the source grid (see native/evaluate-native.ts). */
  readonly dice_native?: number;
  /** Hausdorff / HD95 on the source grid, in `units`. */
  readonly hd_native?: number;
  readonly hd95_native?: number;
  /** `mm` when the voxel spacing is known, else `px`. */
  readonly units?: 'mm' | 'px';
}

/** What `evaluateImage` scores: one image, one method, its label map(s), the ground truth, the protocols. */
export interface EvaluateImageArgs {
  readonly image: string;
  readonly method: string;
  /** One label map, or a stack of granularity levels. */
  readonly labelMaps: LabelMaps;
  readonly gt: Mask;
  readonly protocols: readonly Protocol[];
  /** Level of a stack read by hint/point/direct (required for stacks > 1 unless only the oracle is asked). */
  readonly level?: number;
}

const METRICS: readonly MetricName[] = ['dice', 'iou', 'precision', 'recall', 'hd', 'hd95', 'ssim'];

/** Scores one image under each requested protocol. */
export function evaluateImage(args: EvaluateImageArgs): ImageScore[] {
  const { image, method, gt } = args;
  return args.protocols.map((protocol): ImageScore => {
    if (protocol === 'oracle') {
      const scored = scoreLevels(asStack(args.labelMaps), gt, image);
      const all = scored.map((s) => s.scores);
      const levels = {} as Record<MetricName, number>;
      const best = {} as Record<MetricName, number>;
      for (const m of METRICS) {
        levels[m] = bestIndex(all, m);
        best[m] = all[levels[m]][m];
      }
      const atDice = scored[levels.dice].result;
      return {
        image,
        method,
        protocol,
        ...(best as unknown as MaskScores),
        clusters: countClusters(atDice.labels),
        clusterId: atDice.clusterId,
        level: levels.dice,
        oracleLevels: levels,
      };
    }
    const result = applyProtocol(protocol, args.labelMaps, gt, { level: args.level, context: image });
    return {
      image,
      method,
      protocol,
      ...scoreMask(result.mask, gt, image),
      clusters: countClusters(result.labels),
      clusterId: result.clusterId,
      ...(result.level !== undefined ? { level: result.level } : {}),
    };
  });
}

/** Convenience for a single label map under one protocol. */
export function evaluateLabelMap(
  image: string,
  method: string,
  labels: LabelMap,
  gt: Mask,
  protocol: Protocol,
): ImageScore {
  return evaluateImage({ image, method, labelMaps: labels, gt, protocols: [protocol] })[0];
}
