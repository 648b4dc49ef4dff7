/**
 * Dice exactly as @cuts/eval computes it ((2|P∩G| + 1e-12)/(|P| + |G| + 1e-12)),
 * imported from its browser-safe subpath so the viewer and the metrics files agree.
 */
import { dice as evalDice } from '@cuts/eval/metrics';
import type { BinaryMask } from './png.js';

export function dice(pred: BinaryMask, gt: BinaryMask): number {
  return evalDice(pred, gt);
}
