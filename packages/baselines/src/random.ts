/**
 * The random baseline: every pixel gets an independent uniform label in
 * 0..classes−1 (default 2 classes, which reproduces the paper's 0.132 retina
 * Dice: for a foreground fraction g the expected Dice is 2g/(1 + 2g)).
 */
import { Rng, createLabelMap } from '@cuts/core/browser';
import type { LabelMap } from '@cuts/core/browser';

/** Options of {@link randomLabels}. */
export interface RandomOptions {
  /** Number of labels (default 2, so `direct` reads the map as a mask). */
  readonly classes?: number;
  /** Seed (default 0). */
  readonly seed?: number;
}

/** A height × width label map of independent uniform labels 0..classes−1, seeded. */
export function randomLabels(height: number, width: number, options: RandomOptions = {}): LabelMap {
  const classes = options.classes ?? 2;
  const rng = new Rng(options.seed ?? 0);
  const labels = createLabelMap(height, width);
  for (let i = 0; i < labels.data.length; i++) labels.data[i] = Math.floor(rng.next() * classes);
  return labels;
}
