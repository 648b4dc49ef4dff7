import { describe, expect, it } from 'vitest';
import { linkSliceRegions } from './volume-regions.js';

const rows = (...lines: string[]) => Int32Array.from(lines.join('').split(''), Number);

describe('linkSliceRegions', () => {
  it('gives a region that continues through slices one id, and unrelated ids their own', () => {
    // Slice 0: regions 1 (left) and 2 (right); slice 1 uses other ids for the same shapes;
    // slice 2: the left region shrinks to a third (IoU 1/3 → a new id), the right continues.
    const s0 = rows('1122', '1122', '1122');
    const s1 = rows('7733', '7733', '7733');
    const s2 = rows('5533', '9933', '9933');
    const [a, b, c] = linkSliceRegions([s0, s1, s2]);
    expect(Array.from(a)).toEqual(Array.from(rows('0011', '0011', '0011')));
    expect(Array.from(b)).toEqual(Array.from(a));
    // Left top row (5) overlaps left region with IoU 2/6; left rows 2-3 (9) with IoU 4/6 → linked.
    expect(Array.from(c)).toEqual(Array.from(rows('2211', '0011', '0011')));
  });

  it('never merges two regions of one slice, even when both overlap one region of the next', () => {
    const s0 = rows('1122');
    const s1 = rows('3333');
    const [a, b] = linkSliceRegions([s0, s1]);
    expect(new Set(a).size).toBe(2);
    expect(b[0] === a[0] && b[0] === a[3]).toBe(false);
    // IoU of each half with the whole is exactly 0.5: not linked.
    expect(new Set([...a, ...b]).size).toBe(3);
  });

  it('keeps each id to one region per slice on random maps', () => {
    let seed = 7;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const slices = Array.from({ length: 6 }, () => Int32Array.from({ length: 64 }, () => Math.floor(rnd() * 4)));
    const linked = linkSliceRegions(slices);
    for (let k = 0; k < slices.length; k++) {
      // Same partition within the slice: ids map one-to-one onto the input ids.
      const fwd = new Map<number, number>();
      const back = new Map<number, number>();
      for (let i = 0; i < 64; i++) {
        expect(fwd.get(slices[k][i]) ?? linked[k][i]).toBe(linked[k][i]);
        expect(back.get(linked[k][i]) ?? slices[k][i]).toBe(slices[k][i]);
        fwd.set(slices[k][i], linked[k][i]);
        back.set(linked[k][i], slices[k][i]);
      }
    }
  });
});
