import { describe, expect, it } from 'vitest';
import { selectSalientLevels } from './levels.js';

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
