import { describe, expect, it } from 'vitest';
import { categoricalColour } from '../lib/palette.js';
import { parseNativeIndex, parseNativeLevels, sliceOwners } from './contract.js';
import { galleryRows } from './gallery-rows.js';
import { keyAction, SHORTCUTS } from './keyboard.js';
import { annotationLayer, labelLayer, planeBoundary } from './layers.js';
import { lineageColours, rankColours } from './region-colours.js';
import { selectRegion, volumeDice } from './selection.js';

describe('lineageColours', () => {
  it("keeps a region's colour across levels even when its id changes; the largest child inherits", () => {
    // 1D "images" of 8 voxels, coarse → fine
    const l0 = [1, 1, 1, 1, 2, 2, 2, 2];
    const l1 = [10, 10, 10, 10, 20, 20, 20, 30]; // region 1 renamed 10; region 2 splits: 20 (3 voxels) keeps its colour, 30 is new
    const l2 = [40, 41, 41, 41, 20, 20, 20, 30]; // 10 splits: 41 (3) inherits, 40 new
    const [c0, c1, c2] = lineageColours([l0, l1, l2]);
    expect(c0.get(1)).toEqual(categoricalColour(0));
    expect(c0.get(2)).toEqual(categoricalColour(1));
    expect(c1.get(10)).toEqual(c0.get(1));
    expect(c1.get(20)).toEqual(c0.get(2));
    expect(c1.get(30)).toEqual(categoricalColour(2));
    expect(c2.get(41)).toEqual(c0.get(1));
    expect(c2.get(40)).toEqual(categoricalColour(3));
    expect(c2.get(20)).toEqual(c0.get(2));
    expect(c2.get(30)).toEqual(c1.get(30));
    expect(() => lineageColours([l0, [1]])).toThrow(/voxels/);
  });
  it('rankColours colours ids by rank', () => {
    expect([...rankColours([7, 3, 3, 900]).entries()]).toEqual([
      [3, categoricalColour(0)],
      [7, categoricalColour(1)],
      [900, categoricalColour(2)],
    ]);
  });
});

describe('layers', () => {
  // 4×3×2 volume: a 2×1×2 block of label 5 at i = 1..2, j = 1, k = 0..1
  const dims: [number, number, number] = [4, 3, 2];
  const labels = new Int32Array(24);
  for (const k of [0, 1]) for (const i of [1, 2]) labels[i + 4 * (1 + 3 * k)] = 5;
  const at = (i: number, j: number, k: number) => i + 4 * (j + 3 * k);

  it('planeBoundary uses in-plane neighbours of the viewing plane only', () => {
    const axial = planeBoundary(labels, dims, 2);
    // in the axial plane every block voxel touches background (j ± 1)
    expect(axial[at(1, 1, 0)]).toBe(1);
    expect(axial[at(0, 0, 0)]).toBe(0);
    expect(axial[at(1, 0, 0)]).toBe(1);
    // coronal planes (normal j): the block is 2 (i) × 2 (k); neighbours i±1 and k±1 only
    const coronal = planeBoundary(labels, dims, 1);
    expect(coronal[at(1, 1, 0)]).toBe(1); // i−1 is background
    expect(coronal[at(0, 0, 0)]).toBe(0);
    expect(coronal[at(1, 0, 0)]).toBe(0); // j is the normal: the block above does not count
  });

  it('labelLayer fills or outlines, leaves hidden labels out', () => {
    const colours = new Map([
      [0, [1, 2, 3] as const],
      [5, [200, 100, 50] as const],
    ]);
    const fill = labelLayer(labels, dims, { colours, mode: 'fill', normal: 2 });
    expect(Array.from(fill.subarray(at(1, 1, 0) * 4, at(1, 1, 0) * 4 + 4))).toEqual([200, 100, 50, 255]);
    expect(Array.from(fill.subarray(0, 4))).toEqual([1, 2, 3, 255]);
    const hidden = labelLayer(labels, dims, { colours, mode: 'fill', normal: 2, hidden: new Set([0]) });
    expect(hidden[3]).toBe(0);
    const outline = labelLayer(labels, dims, { colours, mode: 'outline', normal: 2 });
    expect(outline[at(0, 2, 0) * 4 + 3]).toBe(0); // corner far from the block: interior
    expect(outline[at(1, 1, 1) * 4 + 3]).toBe(255);
  });

  it('annotationLayer draws the ground-truth edge over the selection tint', () => {
    const gt = Uint8Array.from(labels, (v) => (v ? 1 : 0));
    const sel = new Uint8Array(24).fill(1);
    const a = annotationLayer(dims, 2, gt, sel);
    expect(Array.from(a.subarray(at(1, 1, 0) * 4, at(1, 1, 0) * 4 + 4))).toEqual([255, 255, 255, 255]);
    expect(a[at(3, 2, 1) * 4 + 3]).toBe(70); // selection interior tint
    expect(annotationLayer(dims, 2, null, null).every((v) => v === 0)).toBe(true);
  });
});

describe('selectRegion and volumeDice', () => {
  it('selects every voxel of the label under the click and sizes it in physical units', () => {
    const labels = [0, 3, 3, 0, 3, 1, 1, 1];
    const sel = selectRegion(labels, { dims: [2, 2, 2], spacing: [0.5, 0.5, 3], units: 'mm' }, [1, 0, 0]);
    expect(sel.label).toBe(3);
    expect(Array.from(sel.mask)).toEqual([0, 1, 1, 0, 1, 0, 0, 0]);
    expect(sel.voxels).toBe(3);
    expect(sel.size).toBeCloseTo(3 * 0.75, 10);
    expect(sel.sizeUnit).toBe('mm³');
    const gt = Uint8Array.from([0, 1, 1, 1, 0, 0, 0, 0]);
    // 2·|{1,2}| / (3 + 3) by hand
    expect(volumeDice(sel.mask, gt)).toBeCloseTo(4 / 6, 12);
    expect(() => selectRegion(labels, { dims: [2, 2, 2], spacing: [1, 1, 1], units: 'px' }, [2, 0, 0])).toThrow(
      /outside/,
    );
  });
});

describe('contract', () => {
  const index = {
    schema: 1,
    items: {
      V: {
        kind: 'volume',
        format: 'nifti',
        ext: '.nii.gz',
        dims: [256, 256, 20],
        spacing: [1, 1, 3],
        units: 'mm',
        channels: 1,
        sliceAxis: 'axial',
        slices: ['V__s000', 'V__s001'],
        hasMask: true,
      },
      img: {
        kind: 'image2d',
        format: 'png',
        ext: '.png',
        dims: [256, 173],
        spacing: null,
        units: 'px',
        channels: 1,
        hasMask: false,
      },
    },
  };
  it('reads native/index.json and maps slices to their volume', () => {
    const parsed = parseNativeIndex(index);
    expect(parsed.items.V.dims).toEqual([256, 256, 20]);
    expect(parsed.items.img.units).toBe('px');
    expect(sliceOwners(parsed).get('V__s001')).toBe('V');
    expect(parseNativeLevels({ V: 3 })).toEqual({ V: 3 });
  });
  it('names what is wrong', () => {
    expect(() => parseNativeIndex({ schema: 2, items: {} })).toThrow(/schema 2 is not supported/);
    expect(() => parseNativeIndex({ schema: 1, items: { V: { ...index.items.V, dims: [256, 256] } } })).toThrow(
      /item "V": "dims" must be 3 positive integers/,
    );
    expect(() => parseNativeIndex({ schema: 1, items: { V: { ...index.items.V, ext: '.nii' } } })).toThrow(/"ext"/);
    expect(() => parseNativeLevels({ V: 'three' })).toThrow(/"V" must be a non-negative integer/);
  });
});

describe('keyboard', () => {
  it('maps keys to actions, not while typing or with modifiers', () => {
    expect(keyAction({ key: 'n' })).toBe('next-image');
    expect(keyAction({ key: ']' })).toBe('finer');
    expect(keyAction({ key: 'O' })).toBe('opacity-down');
    expect(keyAction({ key: 'n', ctrlKey: true })).toBeNull();
    expect(keyAction({ key: 'n', targetTag: 'input', targetType: 'text' })).toBeNull();
    expect(keyAction({ key: 'n', targetTag: 'input', targetType: 'range' })).toBe('next-image');
    expect(keyAction({ key: 'x' })).toBeNull();
    const keys = SHORTCUTS.flatMap((s) => s.keys);
    expect(new Set(keys).size).toBe(keys.length); // no key bound twice
  });
});

describe('galleryRows', () => {
  const entry = (name: string) => ({ name, image: true, mask: true, recon: false, methods: ['kmeans'], levels: [] });
  const listing = {
    name: 'run',
    images: ['V__s000', 'V__s001', 'V__s002', 'img', 'other'].map(entry),
    methods: ['kmeans'],
    levelOrder: 'by-cluster-count' as const,
    files: { config: false, summary: false, metrics: false, report: false, trainingLog: false },
  };
  it('lists the 128² images as they are for older runs', () => {
    expect(galleryRows(listing, undefined).map((r) => [r.name, r.href])).toEqual(
      listing.images.map((e) => [e.name, `#/image/${e.name}`]),
    );
  });
  it('folds slices into their volume (thumbnail: the middle slice) and keeps images outside the index', () => {
    const native = parseNativeIndex({
      schema: 1,
      items: {
        V: {
          kind: 'volume',
          ext: '.nii.gz',
          dims: [8, 8, 3],
          spacing: [1, 1, 3],
          units: 'mm',
          channels: 1,
          slices: ['V__s000', 'V__s001', 'V__s002'],
          hasMask: false,
        },
        img: { kind: 'image2d', ext: '.png', dims: [16, 9], spacing: null, units: 'px', channels: 1, hasMask: true },
      },
    });
    const rows = galleryRows(listing, native);
    expect(rows.map((r) => [r.name, r.thumb?.name, r.mask, r.href])).toEqual([
      ['V', 'V__s001', false, '#/native/V'],
      ['img', 'img', true, '#/native/img'],
      ['other', 'other', true, '#/image/other'],
    ]);
    expect(rows[0].note).toBe('volume 8×8×3');
  });
});
