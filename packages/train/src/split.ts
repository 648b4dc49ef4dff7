/**
 * Train/validation split by seed: a seeded permutation of the images, the
 * first round(n·fraction) held out for validation (at least one when the
 * fraction is positive and there are two or more images, never all).
 */
import type { Rng } from '@cuts/core';

export interface Split {
  readonly train: number[];
  readonly validation: number[];
}

export function splitIndices(n: number, fraction: number, rng: Rng): Split {
  const order = rng.permutation(n);
  const nVal = fraction > 0 && n >= 2 ? Math.min(n - 1, Math.max(1, Math.round(n * fraction))) : 0;
  return {
    validation: order.slice(0, nVal).sort((a, b) => a - b),
    train: order.slice(nVal).sort((a, b) => a - b),
  };
}
