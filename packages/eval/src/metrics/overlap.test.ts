import { describe, expect, it } from 'vitest';
import { CutsInputError, createMask, isInputError } from '@cuts/core';
import { maskFromRows } from '../test-utils/masks.js';
import { confusionCounts, dice, iou, precision, recall } from './overlap.js';

// P has 4 pixels, G has 3, they share 2 (counted by hand).
const P = maskFromRows(['1100', '1100', '0000']);
const G = maskFromRows(['0100', '0110', '0000']);

describe('overlap metrics', () => {
  it('match hand-computed values', () => {
    expect(confusionCounts(P, G)).toEqual({ truePositive: 2, falsePositive: 2, falseNegative: 1, trueNegative: 7 });
    expect(dice(P, G)).toBeCloseTo(4 / 7, 12);
    expect(iou(P, G)).toBeCloseTo(2 / 5, 12);
    expect(precision(P, G)).toBeCloseTo(2 / 4, 12);
    expect(recall(P, G)).toBeCloseTo(2 / 3, 12);
  });

  it('uses the paper smoothing: two empty masks score 1, disjoint masks ~0', () => {
    const empty = createMask(3, 4);
    expect(dice(empty, empty)).toBe(1);
    expect(iou(empty, empty)).toBe(1);
    const other = maskFromRows(['0000', '0000', '0011']);
    expect(dice(P, other)).toBeCloseTo(0, 12);
    expect(dice(P, other)).toBeGreaterThan(0);
    expect(dice(P, P)).toBe(1);
  });

  it('Dice and IoU obey D = 2J/(1+J)', () => {
    const j = iou(P, G);
    expect(dice(P, G)).toBeCloseTo((2 * j) / (1 + j), 12);
  });

  it('rejects shape mismatches and non-binary masks with CutsInputError', () => {
    const small = createMask(2, 4);
    expect(() => dice(P, small)).toThrow(CutsInputError);
    expect(() => dice(P, small)).toThrow(/shape mismatch: prediction is 3×4 but ground truth is 2×4/);
    const bad = createMask(3, 4, Uint8Array.from([0, 1, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0]));
    let caught: unknown;
    try {
      dice(bad, G);
    } catch (err) {
      caught = err;
    }
    expect(isInputError(caught)).toBe(true);
    expect((caught as Error).message).toMatch(/prediction must be binary.*\(y=0, x=2\) is 2/);
    const lying = { height: 3, width: 3, data: new Uint8Array(12) };
    expect(() => dice(lying, G)).toThrow(/holds 12 values but its size 3×3 needs 9/);
  });
});
