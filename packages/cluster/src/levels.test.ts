import { describe, expect, it } from 'vitest';
import { selectLadderLevels, selectSalientLevels } from './levels.js';

describe('selectSalientLevels', () => {
  it('keeps new running minima that are below their successor, never level 0 or the last', () => {
    //                      0  1  2  3  4  5    6  7  8  9    10
    const gradient = [0, 5, 3, 4, 2, 2.5, 1, 1, 3, 0.5, 0.2];
    // i=2: 3 ≤ 5 and 3 < 4 → keep (min 3); i=4: 2 ≤ 3 and 2 < 2.5 → keep (min 2);
    // i=6: 1 < 1 fails; i=7: 1 ≤ 2 and 1 < 3 → keep (min 1); i=9: 0.5 < 0.2 fails; 10 is last.
    expect(selectSalientLevels(gradient)).toEqual([2, 4, 7]);
  });

  it('takes equal values as running minima (≤) and handles flat or short curves', () => {
    expect(selectSalientLevels([9, 4, 6, 4, 7, 1])).toEqual([1, 3]);
    expect(selectSalientLevels([1, 1, 1, 1])).toEqual([]);
    expect(selectSalientLevels([3, 2])).toEqual([]);
    // The first entry is the maximum: the start value of the running minimum.
    expect(selectSalientLevels([10, 10, 11, 0])).toEqual([1]);
  });
});

describe('selectLadderLevels', () => {
  it('picks, per target count, the level nearest on a log scale, deduplicated and finest first', () => {
    // level:   0    1   2   3   4  5  6  7
    const counts = [200, 90, 33, 17, 9, 5, 2, 1];
    // targets 2→6, 3→5 (|ln 5/3|=0.51 < |ln 2/3|=0.41? no: 0.41 < 0.51 → 6), 4→5, 8→4, 16→3, 32→2
    expect(selectLadderLevels(counts, [2, 3, 4, 8, 16, 32])).toEqual([2, 3, 4, 5, 6]);
    expect(selectLadderLevels(counts, [1])).toEqual([7]);
    expect(selectLadderLevels(counts, [1000])).toEqual([0]);
  });

  it('returns nothing for an empty stack', () => {
    expect(selectLadderLevels([], [2, 3])).toEqual([]);
  });
});
