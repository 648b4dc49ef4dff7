import { describe, expect, it } from 'vitest';
import { CutsInputError } from '@cuts/core';
import { labelsFromRows } from '../test-utils/masks.js';
import { multiClassDice } from './multiclass.js';

describe('multi-class Dice (max-IoU relabelling)', () => {
  it('relabels clusters and averages Dice over ground-truth regions (hand-computed)', () => {
    const gt = labelsFromRows(['0011', '0011', '2222']);
    // cluster 7 = left block (4 px) → region 0 (IoU 1); cluster 5 = right block + 1 px of bottom row
    // cluster 9 = 3 px of the bottom row.
    const pred = labelsFromRows(['7755', '7755', '5999']);
    const r = multiClassDice(pred, gt);
    // cluster 5 = {(0,2),(0,3),(1,2),(1,3),(2,0)}: IoU with region 1 = 4/5, with region 2 = 1/8 → region 1.
    // cluster 9 = 3 px ⊂ region 2 (4 px): IoU 3/4 → region 2.
    expect(r.assignment).toEqual(
      new Map([
        [5, 1],
        [7, 0],
        [9, 2],
      ]),
    );
    expect(r.perRegion.get(0)).toBeCloseTo(1, 12);
    expect(r.perRegion.get(1)).toBeCloseTo((2 * 4) / (5 + 4), 12);
    expect(r.perRegion.get(2)).toBeCloseTo((2 * 3) / (3 + 4), 12);
    expect(r.dice).toBeCloseTo((1 + 8 / 9 + 6 / 7) / 3, 12);
    expect(Array.from(r.relabelled.data)).toEqual([0, 0, 1, 1, 0, 0, 1, 1, 1, 2, 2, 2]);
  });

  it('scores a perfect but renumbered segmentation 1, and a region no cluster maps to 0', () => {
    const gt = labelsFromRows(['0011', '0011']);
    expect(multiClassDice(labelsFromRows(['3344', '3344']), gt).dice).toBeCloseTo(1, 12);
    const r = multiClassDice(labelsFromRows(['0000', '0000']), gt);
    expect(r.perRegion.get(1)).toBeCloseTo(0, 12);
    expect(r.dice).toBeCloseTo((2 * 4) / (8 + 4) / 2, 12);
  });

  it('rejects mismatched shapes', () => {
    expect(() => multiClassDice(labelsFromRows(['00']), labelsFromRows(['0', '0']))).toThrow(CutsInputError);
  });
});
