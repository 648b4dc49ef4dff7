import { describe, expect, it } from 'vitest';
import { formatLevelsIndex, formatNativeLevelsIndex, parseLevelsIndex, parseNativeLevelsIndex } from './index.js';

describe('diffusion levels indexes', () => {
  it('round-trip, order of levels kept (coarse → fine)', () => {
    const index = { a: [9, 4, 1, 0], 'img 2': [3] };
    expect(parseLevelsIndex(JSON.parse(formatLevelsIndex(index)))).toEqual(index);
    expect(parseNativeLevelsIndex(JSON.parse(formatNativeLevelsIndex({ V: 4, x: 0 })))).toEqual({ V: 4, x: 0 });
  });

  it('name the file and the bad key', () => {
    expect(() => parseLevelsIndex({ x: ['a'] }, '/r/index.json')).toThrow(
      '/r/index.json: key "x" must be an array of integer level indices',
    );
    expect(() => parseLevelsIndex({ x: [1.5] })).toThrow(/^labels\/diffusion_levels\/index\.json: key "x"/);
    expect(() => parseLevelsIndex({ x: [-1] })).toThrow(/key "x"/);
    expect(() => parseLevelsIndex([[1]])).toThrow(/expected an object/);
    expect(() => parseNativeLevelsIndex({ V: 2.5 })).toThrow(
      'labels_native/diffusion_levels/index.json: "V" must be a non-negative integer',
    );
    expect(() => parseNativeLevelsIndex('4')).toThrow(/expected an object/);
  });
});
