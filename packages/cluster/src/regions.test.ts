import { Rng, createLabelMap, type LabelMap } from '@cuts/core';
import { describe, expect, it } from 'vitest';
import { mergeSmallRegions, mergeSmallRegionsNested, minRegionPixels, splitConnectedRegions } from './regions.js';
import { expectRefines } from './test-utils/refinement.js';
import { regionSizeAt } from './test-utils/region-sizes.js';

/** A label map from rows of digits. */
function map(rows: string[]): LabelMap {
  const data = Int32Array.from(rows.join('').split('').map(Number));
  return createLabelMap(rows.length, rows[0].length, data);
}

function rows(m: LabelMap): string[] {
  return Array.from({ length: m.height }, (_, y) =>
    Array.from(m.data.subarray(y * m.width, (y + 1) * m.width)).join(''),
  );
}

describe('mergeSmallRegions', () => {
  it('merges an island into the region around it and keeps regions at or above the size', () => {
    const input = map(['000000', '011000', '000222', '000222', '000222', '000000']);
    expect(rows(mergeSmallRegions(input, 3))).toEqual(['000000', '000000', '000222', '000222', '000222', '000000']);
    // size 10: the 9-pixel block goes too
    expect(rows(mergeSmallRegions(input, 10))).toEqual(Array(6).fill('000000'));
  });

  it('joins the neighbour with the longest shared border, ties to the larger neighbour', () => {
    // the 3 pixels of 1 touch 0 on 5 edges and 2 on 3 edges (by hand)
    const longest = map(['00000', '01110', '22222', '22222']);
    expect(rows(mergeSmallRegions(longest, 4))).toEqual(['00000', '00000', '22222', '22222']);
    // the single 1 touches 0 (left, top) and 2 (right, bottom) on 2 edges each; 2 is larger
    const tie = map(['0002', '0012', '2222', '2222']);
    expect(rows(mergeSmallRegions(tie, 2))).toEqual(['0002', '0022', '2222', '2222']);
  });

  it('a cluster id split into pieces is judged piece by piece', () => {
    // label 1 has 7 pixels in all, but as a 6-pixel block and a lone pixel
    const input = map(['11100', '11100', '00001', '00000']);
    expect(rows(mergeSmallRegions(input, 2))).toEqual(['11100', '11100', '00000', '00000']);
  });

  it('on random maps: every region ends ≥ minSize, large regions untouched, ids kept; minSize ≤ 1 is a copy', () => {
    const rng = new Rng(4);
    for (const [h, w, k, minSize] of [
      [32, 32, 6, 8],
      [40, 24, 10, 30],
      [64, 64, 3, 82],
    ] as const) {
      const input = createLabelMap(
        h,
        w,
        Int32Array.from({ length: h * w }, () => rng.int(0, k)),
      );
      const out = mergeSmallRegions(input, minSize);
      expect(Math.min(...regionSizeAt(out))).toBeGreaterThanOrEqual(minSize);
      // pixels of regions that were already large enough keep their id
      const before = regionSizeAt(input);
      input.data.forEach((v, p) => {
        if (before[p] >= minSize) expect(out.data[p]).toBe(v);
      });
      const ids = new Set(input.data);
      for (const v of out.data) expect(ids.has(v)).toBe(true);
      expect(Array.from(mergeSmallRegions(input, 1).data)).toEqual(Array.from(input.data));
      expect(mergeSmallRegions(input, 1).data).not.toBe(input.data);
    }
  });

  it('is deterministic and leaves a map with no small region unchanged', () => {
    const input = map(['0011', '0011', '2233', '2233']);
    expect(rows(mergeSmallRegions(input, 4))).toEqual(rows(input));
    const rng = new Rng(9);
    const noisy = createLabelMap(
      30,
      30,
      Int32Array.from({ length: 900 }, () => rng.int(0, 5)),
    );
    expect(Array.from(mergeSmallRegions(noisy, 12).data)).toEqual(Array.from(mergeSmallRegions(noisy, 12).data));
  });

  it('nested stacks stay nested: every level ≥ minSize, each region inside one region of the level above', () => {
    const rng = new Rng(17);
    const [h, w] = [36, 36];
    // finest level: 24 ids in 3×3 blocks (so there are regions of many sizes), coarser ones by id arithmetic
    const finest = createLabelMap(
      h,
      w,
      Int32Array.from(
        { length: h * w },
        (_, p) => (Math.floor(p / w / 3) * 7 + Math.floor((p % w) / 3) * 3 + rng.int(0, 2)) % 24,
      ),
    );
    const coarse = (div: number): LabelMap =>
      createLabelMap(
        h,
        w,
        Int32Array.from(finest.data, (id) => Math.floor(id / div)),
      );
    const levels = [finest, coarse(3), coarse(8), coarse(24)];
    const out = mergeSmallRegionsNested(levels, 20);
    expect(out).toHaveLength(4);
    expect(Array.from(out[0].data)).not.toEqual(Array.from(finest.data));
    for (let l = 0; l < out.length; l++) {
      expect(Math.min(...regionSizeAt(out[l]))).toBeGreaterThanOrEqual(20);
      // every id of a finer level lies under one id of each coarser level
      for (let c = l + 1; c < out.length; c++) expectRefines(out[l], out[c]);
    }
    // the coarsest level is cleaned on its own (one id here: unchanged)
    expect(new Set(out[3].data)).toEqual(new Set([0]));
    expect(mergeSmallRegionsNested([], 3)).toEqual([]);
  });

  it('a finer level that crosses the level above is split along it, then merged inside each parent (by hand)', () => {
    const finest = map(['0011', '0011', '2233', '2233']);
    const above = map(['0001', '0001', '0001', '0001']);
    const [fine, coarse] = mergeSmallRegionsNested([finest, above], 3);
    expect(rows(coarse)).toEqual(rows(above));
    // ids 1 and 3 are cut by the column of parent 1: the 2-px pieces under parent 0 join 0 and 2
    // (longest border inside parent 0); the pieces under parent 1 (new ids 4, 5) join each other
    expect(rows(fine)).toEqual(['0005', '0005', '2225', '2225']);
  });

  it('minRegionPixels: a fraction of the area, at least 1', () => {
    expect(minRegionPixels({ height: 128, width: 128 }, 0.02)).toBe(328);
    expect(minRegionPixels({ height: 10, width: 10 }, 0)).toBe(1);
  });
});

describe('splitConnectedRegions', () => {
  it('gives each piece of a cluster its own id; the largest piece keeps the id (by hand)', () => {
    // cluster 0 has four pieces: top-left (4 px), top-right (4 px, tie → the first keeps 0),
    // and two single pixels; cluster 1 is one 6-px piece; the new ids follow the highest (3)
    // in row-major order of each piece's first pixel
    const input = map(['00100', '00100', '11122', '03120']);
    expect(rows(splitConnectedRegions(input))).toEqual(['00144', '00144', '11122', '53126']);
    // a later, larger piece keeps the id; the earlier small piece is renumbered
    expect(rows(splitConnectedRegions(map(['1000', '0011', '0011'])))).toEqual(['2000', '0011', '0011']);
    // diagonal contact does not connect (4-connectivity)
    expect(rows(splitConnectedRegions(map(['10', '01'])))).toEqual(['10', '23']);
  });

  it('on random maps: one connected region per id, refines the input, keeps the largest pieces, idempotent', () => {
    const rng = new Rng(11);
    for (const [h, w, k] of [
      [20, 30, 3],
      [32, 32, 8],
      [16, 48, 2],
    ] as const) {
      const input = createLabelMap(
        h,
        w,
        Int32Array.from({ length: h * w }, () => rng.int(0, k)),
      );
      const out = splitConnectedRegions(input);
      // each id is exactly one 4-connected region (independent union-find sizes)
      const sizes = regionSizeAt(out);
      const area = new Map<number, number>();
      for (const v of out.data) area.set(v, (area.get(v) ?? 0) + 1);
      out.data.forEach((v, p) => expect(sizes[p]).toBe(area.get(v)));
      // every new id lies inside one input id; ids of the input survive on their largest piece
      const under = expectRefines(out, input);
      const piecesBefore = regionSizeAt(input);
      for (const id of new Set(input.data)) {
        const largest = Math.max(...Array.from(input.data, (v, p) => (v === id ? piecesBefore[p] : 0)));
        expect(area.get(id)).toBe(largest);
        expect(under.get(id)).toBe(id);
      }
      expect(Array.from(splitConnectedRegions(out).data)).toEqual(Array.from(out.data));
    }
  });

  it('keeps a nested stack nested', () => {
    const rng = new Rng(3);
    const fine = createLabelMap(
      24,
      24,
      Int32Array.from({ length: 576 }, () => rng.int(0, 12)),
    );
    const coarse = createLabelMap(
      24,
      24,
      Int32Array.from(fine.data, (id) => id % 3),
    );
    const [a, b] = [splitConnectedRegions(fine), splitConnectedRegions(coarse)];
    expectRefines(a, b);
    expect(new Set(a.data).size).toBeGreaterThan(new Set(b.data).size);
  });
});
