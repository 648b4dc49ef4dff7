import { createLabelMap, type LabelMap } from '@cuts/core';
import { describe, expect, it } from 'vitest';
import { persistentMap, persistentStructures } from './persistent.js';

/** A 1 × N "image" from a string of single-digit ids. */
const row = (ids: string): LabelMap => createLabelMap(1, ids.length, Int32Array.from(ids, Number));

describe('persistentStructures', () => {
  it('applies persistence, area and painting-order rules on a hand-made stack', () => {
    // 20 pixels; minAreaFraction 0.1 → at least 2 pixels.
    const levels = [
      row('11223344556677889900'), // fine
      row('11113344555577777700'), // 2 and 6, 8 merged away
      row('11111111555555555500'), // coarse
    ];
    const { map, structures } = persistentStructures(levels, { minPersistence: 2, minAreaFraction: 0.1 });
    // id 1: persistence 3, best level 2 (area 8); 5: persistence 3, best level 2 (area 10);
    // 3: 2 levels (area 2); 4: 2 levels (2); 7: 2 levels, best level 1 (area 6); 0: 3 levels (2).
    // 2, 6, 8, 9: one level only → dropped.
    expect(structures.map((s) => [s.id, s.level, s.area, s.persistence])).toEqual([
      [5, 2, 10, 3],
      [1, 2, 8, 3],
      [7, 1, 6, 2],
      [0, 0, 2, 3],
      [3, 0, 2, 2],
      [4, 0, 2, 2],
    ]);
    // Painted largest first (labels 1.. in that order), smaller on top.
    expect(Array.from(map.data)).toEqual([2, 2, 2, 2, 5, 5, 6, 6, 1, 1, 1, 1, 3, 3, 3, 3, 3, 3, 4, 4]);
  });

  it('drops small and short-lived ids, leaving 0 where nothing persists', () => {
    const levels = [row('0000000001'), row('0000000002')];
    // 1 and 2: one level each; 0: area 9 of 10, persistence 2.
    expect(Array.from(persistentMap(levels).data)).toEqual([1, 1, 1, 1, 1, 1, 1, 1, 1, 0]);
    // Raising the area bar drops everything.
    expect(Array.from(persistentMap(levels, { minAreaFraction: 0.95 }).data)).toEqual(new Array(10).fill(0));
    expect(() => persistentMap([])).toThrow(/at least one label map/);
    expect(() => persistentMap([row('01'), row('012')])).toThrow(/level 1 is 1 × 3/);
  });
});
