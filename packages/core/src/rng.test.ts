import { describe, expect, it } from 'vitest';
import { Rng } from './rng.js';

describe('Rng', () => {
  it('repeats the same sequence for the same seed and differs across seeds', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const c = new Rng(43);
    const seqA = Array.from({ length: 100 }, () => a.nextUint32());
    const seqB = Array.from({ length: 100 }, () => b.nextUint32());
    const seqC = Array.from({ length: 100 }, () => c.nextUint32());
    expect(seqA).toEqual(seqB);
    expect(seqA).not.toEqual(seqC);
  });

  it('restores exactly from a saved state', () => {
    const rng = new Rng(7);
    for (let i = 0; i < 13; i++) rng.next();
    const state = rng.getState();
    const expected = Array.from({ length: 50 }, () => rng.next());
    const restored = new Rng(state);
    expect(Array.from({ length: 50 }, () => restored.next())).toEqual(expected);
    rng.setState(state);
    expect(Array.from({ length: 50 }, () => rng.next())).toEqual(expected);
  });

  it('draws uniform floats with the right moments and integers in range', () => {
    const rng = new Rng(1);
    const n = 200_000;
    let sum = 0;
    let sumSq = 0;
    const counts = new Array(10).fill(0);
    let lo = 1;
    let hi = 0;
    for (let i = 0; i < n; i++) {
      const u = rng.next();
      lo = Math.min(lo, u);
      hi = Math.max(hi, u);
      sum += u;
      sumSq += u * u;
      counts[rng.int(0, 10)]++;
    }
    expect(lo).toBeGreaterThanOrEqual(0);
    expect(hi).toBeLessThan(1);
    const mean = sum / n;
    expect(mean).toBeCloseTo(0.5, 2);
    expect(sumSq / n - mean * mean).toBeCloseTo(1 / 12, 2);
    for (const c of counts) expect(Math.abs(c - n / 10)).toBeLessThan(0.03 * (n / 10));
  });

  it('draws normals with mean 0 and std 1', () => {
    const rng = new Rng(3);
    const xs = rng.fillNormal(new Float64Array(100_000));
    const mean = xs.reduce((s, v) => s + v, 0) / xs.length;
    const variance = xs.reduce((s, v) => s + (v - mean) ** 2, 0) / xs.length;
    expect(Math.abs(mean)).toBeLessThan(0.02);
    expect(Math.abs(variance - 1)).toBeLessThan(0.02);
  });

  it('shuffles into a permutation', () => {
    const perm = new Rng(5).permutation(100);
    expect([...perm].sort((x, y) => x - y)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(perm).not.toEqual(Array.from({ length: 100 }, (_, i) => i));
  });

  it('rejects empty integer ranges and non-finite seeds', () => {
    expect(() => new Rng(1).int(3, 3)).toThrow(/empty range/);
    expect(() => new Rng(Number.NaN)).toThrow(/finite/);
  });
});
