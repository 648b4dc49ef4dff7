import { describe, expect, it } from 'vitest';
import { pixelAt, selectCluster } from './selection.js';
import { dice } from './dice.js';

const map = { width: 3, height: 2, data: Int32Array.from([4, 4, 9, 9, 4, 70000]) };

describe('selectCluster', () => {
  it('selects every pixel with the clicked label, connected or not', () => {
    const s = selectCluster(map, 1, 1);
    expect(s.label).toBe(4);
    expect(Array.from(s.mask.data)).toEqual([1, 1, 0, 0, 1, 0]);
    expect(s.area).toBe(3);
    const t = selectCluster(map, 0, 1);
    expect([t.label, t.area]).toEqual([9, 2]);
    expect(Array.from(t.mask.data)).toEqual([0, 0, 1, 1, 0, 0]);
    expect(selectCluster(map, 2, 1).label).toBe(70000);
  });

  it('refuses pixels outside the map', () => {
    expect(() => selectCluster(map, 3, 0)).toThrow(RangeError);
    expect(() => selectCluster(map, 0, -1)).toThrow(RangeError);
  });
});

describe('pixelAt', () => {
  it('maps display coordinates onto image pixels and clamps the far edge', () => {
    expect(pixelAt(0, 0, 512, 512, 128, 128)).toEqual({ x: 0, y: 0 });
    expect(pixelAt(3.99, 4, 512, 512, 128, 128)).toEqual({ x: 0, y: 1 });
    expect(pixelAt(242, 258, 512, 512, 128, 128)).toEqual({ x: 60, y: 64 });
    expect(pixelAt(512, 512, 512, 512, 128, 128)).toEqual({ x: 127, y: 127 });
  });
});

describe('dice (from @cuts/eval/metrics)', () => {
  const m = (data: number[]) => ({ width: data.length, height: 1, data: Uint8Array.from(data) });
  it('matches hand-computed values', () => {
    expect(dice(m([1, 1, 0, 0]), m([1, 0, 1, 0]))).toBeCloseTo(0.5, 12); // 2·1/(2+2)
    expect(dice(m([1, 1, 1, 0]), m([1, 1, 0, 0]))).toBeCloseTo(0.8, 12); // 2·2/(3+2)
    expect(dice(m([0, 0]), m([0, 0]))).toBe(1); // both empty: (0+ε)/(0+ε)
    expect(dice(m([1, 0]), m([0, 1]))).toBeCloseTo(0, 10);
    expect(() => dice(m([1]), m([1, 0]))).toThrow(/shape mismatch/);
  });

  it('scores a selected cluster against a mask', () => {
    const gt = { width: 3, height: 2, data: Uint8Array.from([1, 1, 0, 0, 0, 0]) };
    const sel = selectCluster(map, 0, 0); // label 4: [1,1,0,0,1,0]
    expect(dice(sel.mask, gt)).toBeCloseTo((2 * 2) / (3 + 2), 12);
  });
});
