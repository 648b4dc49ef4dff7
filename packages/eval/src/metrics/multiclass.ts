/**
 * Multi-class scoring (reference §4, Berkeley protocol): every predicted
 * cluster is relabelled to the ground-truth region it overlaps with maximum
 * IoU; Dice is then computed per ground-truth region and averaged over the
 * regions present in the ground truth.
 */
import { createLabelMap } from '@cuts/core/browser';
import type { LabelMap } from '@cuts/core/browser';
import { DICE_EPSILON } from './overlap.js';
import { assertLabelMap, assertSameShape } from './validate.js';

/** Dense ids 0..k-1 for the distinct values of a label map, in increasing value order. */
function compress(map: LabelMap): { ids: Int32Array; values: number[] } {
  const values = [...new Set(map.data)].sort((a, b) => a - b);
  const index = new Map<number, number>();
  values.forEach((v, i) => index.set(v, i));
  const ids = new Int32Array(map.data.length);
  for (let i = 0; i < ids.length; i++) ids[i] = index.get(map.data[i]) as number;
  return { ids, values };
}

/** What `multiClassDice` returns: the mean Dice and each ground-truth region's. */
export interface MultiClassResult {
  /** Dice averaged over the ground-truth regions. */
  readonly dice: number;
  /** Ground-truth region id → its Dice. */
  readonly perRegion: ReadonlyMap<number, number>;
  /** Predicted cluster id → the ground-truth region id it was mapped to. */
  readonly assignment: ReadonlyMap<number, number>;
  /** The prediction with every cluster replaced by its ground-truth region id. */
  readonly relabelled: LabelMap;
}

/**
 * Relabels `pred` to ground-truth regions by maximum IoU (ties → the smaller
 * region id) and scores it. Both maps must have the same shape.
 */
export function multiClassDice(pred: LabelMap, gt: LabelMap, context?: string): MultiClassResult {
  assertSameShape(pred, gt, 'prediction', 'ground truth', context);
  assertLabelMap(pred, 'prediction', context);
  assertLabelMap(gt, 'ground truth', context);
  const p = compress(pred);
  const g = compress(gt);
  const kp = p.values.length;
  const kg = g.values.length;
  const joint = new Float64Array(kp * kg);
  const sizeP = new Float64Array(kp);
  const sizeG = new Float64Array(kg);
  for (let i = 0; i < p.ids.length; i++) {
    joint[p.ids[i] * kg + g.ids[i]]++;
    sizeP[p.ids[i]]++;
    sizeG[g.ids[i]]++;
  }
  const target = new Int32Array(kp);
  const assignment = new Map<number, number>();
  for (let c = 0; c < kp; c++) {
    let best = 0;
    let bestIou = -1;
    for (let r = 0; r < kg; r++) {
      const inter = joint[c * kg + r];
      const score = inter / (sizeP[c] + sizeG[r] - inter);
      if (score > bestIou) {
        bestIou = score;
        best = r;
      }
    }
    target[c] = best;
    assignment.set(p.values[c], g.values[best]);
  }
  const inter = new Float64Array(kg);
  const predSize = new Float64Array(kg);
  for (let c = 0; c < kp; c++) {
    inter[target[c]] += joint[c * kg + target[c]];
    predSize[target[c]] += sizeP[c];
  }
  const perRegion = new Map<number, number>();
  let sum = 0;
  for (let r = 0; r < kg; r++) {
    const d = (2 * inter[r] + DICE_EPSILON) / (predSize[r] + sizeG[r] + DICE_EPSILON);
    perRegion.set(g.values[r], d);
    sum += d;
  }
  const relabelled = createLabelMap(pred.height, pred.width);
  for (let i = 0; i < p.ids.length; i++) relabelled.data[i] = g.values[target[p.ids[i]]];
  return { dice: sum / kg, perRegion, assignment, relabelled };
}
