import { describe, expect, it } from 'vitest';
import { CutsInputError, Rng, createMask } from '@cuts/core';
import type { Mask } from '@cuts/core';
import { maskFromRows, randomMask, referenceMasks } from '../test-utils/masks.js';
import { emptyMaskDistance, hausdorff, hausdorffPercentile, hd95, percentile } from './hausdorff.js';

function points(m: Mask): [number, number][] {
  const out: [number, number][] = [];
  for (let i = 0; i < m.data.length; i++) if (m.data[i]) out.push([Math.floor(i / m.width), i % m.width]);
  return out;
}

/** O(|P|·|G|) directed nearest-neighbour distances. */
function bruteDirected(a: Mask, b: Mask): number[] {
  const pb = points(b);
  return points(a).map(([y, x]) => Math.min(...pb.map(([v, u]) => Math.hypot(y - v, x - u))));
}

describe('Hausdorff distances', () => {
  it('equal a brute-force pair scan on random masks', () => {
    const rng = new Rng(11);
    for (let rep = 0; rep < 20; rep++) {
      const h = 8 + rng.int(0, 30);
      const w = 8 + rng.int(0, 30);
      const p = randomMask(h, w, rng.uniform(0.01, 0.3), rng);
      const g = randomMask(h, w, rng.uniform(0.01, 0.3), rng);
      if (!p.data.includes(1) || !g.data.includes(1)) continue;
      const pg = Float64Array.from(bruteDirected(p, g));
      const gp = Float64Array.from(bruteDirected(g, p));
      expect(hausdorff(p, g)).toBeCloseTo(Math.max(...pg, ...gp), 12);
      expect(hd95(p, g)).toBeCloseTo(Math.max(percentile(pg, 95), percentile(gp, 95)), 12);
      expect(hausdorffPercentile(p, g, 100)).toBeCloseTo(hausdorff(p, g), 12);
    }
  });

  it('match a hand-computed case', () => {
    // P = {(0,0)}, G = {(0,0), (3,4)}: P→G max 0, G→P max 5 → HD 5.
    const p = maskFromRows(['10000', '00000', '00000', '00000']);
    const g = maskFromRows(['10000', '00000', '00000', '00001']);
    expect(hausdorff(p, g)).toBe(5);
    // directed G→P distances {0, 5}: 95th percentile = 0 + 0.95·5 = 4.75
    expect(hd95(p, g)).toBeCloseTo(4.75, 12);
  });

  it('match scipy cKDTree + numpy percentile values (scripts/reference_values.py)', () => {
    expect(hausdorff(referenceMasks.rect, referenceMasks.disk)).toBe(3);
    expect(hd95(referenceMasks.rect, referenceMasks.disk)).toBeCloseTo(2, 12);
    expect(hausdorff(referenceMasks.sparse, referenceMasks.blob)).toBeCloseTo(19.79898987322333, 12);
    expect(hd95(referenceMasks.sparse, referenceMasks.blob)).toBeCloseTo(15.891919410349292, 12);
  });

  it('use √(H²+W²) when one mask is empty and 0 when both are', () => {
    const empty = createMask(128, 128);
    const one = createMask(128, 128);
    one.data[500] = 1;
    expect(emptyMaskDistance(128, 128)).toBeCloseTo(181.019, 3);
    expect(hausdorff(empty, one)).toBeCloseTo(Math.SQRT2 * 128, 12);
    expect(hd95(one, empty)).toBeCloseTo(Math.SQRT2 * 128, 12);
    expect(hausdorff(empty, empty)).toBe(0);
  });

  it('reject bad input', () => {
    expect(() => hausdorff(createMask(4, 4), createMask(4, 5))).toThrow(CutsInputError);
    expect(() => hd95(createMask(2, 2, Uint8Array.from([0, 3, 0, 0])), createMask(2, 2))).toThrow(/binary/);
  });
});
