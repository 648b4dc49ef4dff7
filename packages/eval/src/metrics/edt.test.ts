import { describe, expect, it } from 'vitest';
import { Rng } from '@cuts/core';
import { randomMask, referenceMasks } from '../test-utils/masks.js';
import { distanceTransform, squaredDistanceToSites } from './edt.js';

function bruteSquared(sites: Uint8Array, h: number, w: number): Float64Array {
  const out = new Float64Array(h * w).fill(Infinity);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++)
      for (let v = 0; v < h; v++)
        for (let u = 0; u < w; u++)
          if (sites[v * w + u]) out[y * w + x] = Math.min(out[y * w + x], (y - v) ** 2 + (x - u) ** 2);
  return out;
}

describe('Felzenszwalb–Huttenlocher distance transform', () => {
  it('equals brute force on random masks of several densities and shapes', () => {
    const rng = new Rng(7);
    for (const [h, w, density] of [
      [17, 23, 0.02],
      [30, 11, 0.3],
      [1, 40, 0.1],
      [25, 25, 0.9],
      [9, 9, 0.005],
    ] as const) {
      for (let rep = 0; rep < 3; rep++) {
        const m = randomMask(h, w, density, rng);
        expect(Array.from(squaredDistanceToSites(m.data, h, w))).toEqual(Array.from(bruteSquared(m.data, h, w)));
      }
    }
  });

  it('gives Infinity everywhere without sites', () => {
    expect([...squaredDistanceToSites(new Uint8Array(6), 2, 3)].every((v) => v === Infinity)).toBe(true);
  });

  it('matches scipy.ndimage.distance_transform_edt (scripts/reference_values.py)', () => {
    const d = distanceTransform(referenceMasks.disk);
    expect(d.reduce((a, b) => a + b, 0)).toBeCloseTo(165.81224156470563, 10);
    expect(Math.max(...d)).toBeCloseTo(5.0990195135927845, 12);
    const s = squaredDistanceToSites(referenceMasks.sparse.data, 32, 32).map(Math.sqrt);
    expect(s.reduce((a, b) => a + b, 0)).toBeCloseTo(2070.370167740324, 9);
    expect(Math.max(...s)).toBeCloseTo(6.324555320336759, 12);
  });

  it('counts the image border as background when asked', () => {
    const full = { height: 3, width: 5, data: new Uint8Array(15).fill(1) };
    expect(Array.from(distanceTransform(full, { outsideIsBackground: true }))).toEqual([
      1, 1, 1, 1, 1, 1, 2, 2, 2, 1, 1, 1, 1, 1, 1,
    ]);
    expect(distanceTransform(full)[7]).toBe(Infinity);
  });
});
