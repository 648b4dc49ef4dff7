/** loadDataset on the two real datasets in ../shared/data (fails under CI=true if missing). */
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { RecordingReporter, type DatasetItem } from '@cuts/core';
import { sharedDataForTests } from '@cuts/core/testing';
import { readNifti } from '../io/nifti-read.js';
import { loadDataset, type LoadedItemMeta } from './load.js';
import { summarizeDataset } from './summary.js';

const retina = sharedDataForTests('retina_ga');
const tumour = sharedDataForTests('brain_tumor');

function foreground(mask: { data: Uint8Array }): number {
  let n = 0;
  for (const v of mask.data) n += v;
  return n / mask.data.length;
}

describe.skipIf(!retina)('retina_ga', () => {
  it('loads all 56 pairs: 128×128×3 in [−1, 1], binary masks with 1.2–23.5% foreground', async () => {
    const items = await loadDataset(retina as string);
    expect(items).toHaveLength(56);
    expect(items.slice(0, 3).map((i) => i.id)).toEqual(['image9', 'image10', 'image11']); // natural order
    for (const item of items) {
      expect(item.image).toMatchObject({ height: 128, width: 128, channels: 3 });
      expect(item.image.data.every((v) => v >= -1 && v <= 1)).toBe(true);
      expect(path.basename(item.maskPath ?? '')).toBe(`label${item.id.slice('image'.length)}.npy`);
      const mask = item.mask!;
      expect(mask).toMatchObject({ height: 128, width: 128 });
      expect(mask.data.every((v) => v === 0 || v === 1)).toBe(true);
      const fg = foreground(mask);
      expect(fg).toBeGreaterThanOrEqual(0.012 - 1e-4);
      expect(fg).toBeLessThanOrEqual(0.235 + 1e-4);
      expect((item.meta as LoadedItemMeta).rule).toBe('images-label');
    }
  });

  it('image values are exactly the PNG bytes x/255·2−1 (checked against a separate sharp decode)', async () => {
    const [item] = await loadDataset(retina as string, { limit: 1 });
    const raw = await sharp(item.imagePath).raw().toBuffer();
    expect(raw.length).toBe(item.image.data.length);
    for (let i = 0; i < raw.length; i++) expect(item.image.data[i]).toBe(Math.fround((raw[i] / 255) * 2 - 1));
  });
});

/** Hand-derived fit-and-pad map from source pixel coordinates to model coordinates. */
function modelCoords(item: DatasetItem): { sx: number; sy: number; ox: number; oy: number } {
  const { originalHeight: h, originalWidth: w } = item.resize;
  const scale = 128 / Math.max(h, w);
  const rw = Math.round(w * scale);
  const rh = Math.round(h * scale);
  return { sx: rw / w, sy: rh / h, ox: Math.floor((128 - rw) / 2), oy: Math.floor((128 - rh) / 2) };
}

/** Weighted centroid (pixel centres) of an H×W field. */
function centroid(weights: ArrayLike<number>, width: number): [number, number] {
  let sx = 0;
  let sy = 0;
  let s = 0;
  for (let i = 0; i < weights.length; i++) {
    const w = weights[i];
    sx += w * ((i % width) + 0.5);
    sy += w * (Math.floor(i / width) + 0.5);
    s += w;
  }
  return [sx / s, sy / s];
}

describe.skipIf(!tumour)('brain_tumor', () => {
  it('loads all 6 slices to 128×128×1 with masks aligned, and reports the empty mask', async () => {
    const reporter = new RecordingReporter();
    const items = await loadDataset(tumour as string, { reporter });
    expect(items).toHaveLength(6);
    const empty: string[] = [];
    for (const item of items) {
      expect(item.image).toMatchObject({ height: 128, width: 128, channels: 1 });
      expect(Math.min(...item.image.data)).toBe(-1);
      expect(Math.max(...item.image.data)).toBe(1);
      expect(path.basename(item.maskPath!)).toBe(`${item.id}_seg.nii.gz`);
      const meta = item.meta as LoadedItemMeta;
      expect(meta.rule).toBe('suffix-seg');
      expect(meta.nifti?.sliceIndex).toBe(0);
      const src = await readNifti(item.maskPath!);
      expect([src.height, src.width]).toEqual([item.resize.originalHeight, item.resize.originalWidth]);
      const srcBinary = Array.from(src.data, (v) => (v !== 0 ? 1 : 0));
      const fgSrc = srcBinary.reduce<number>((a, b) => a + b, 0);
      if (fgSrc === 0) {
        expect(meta.maskEmpty).toBe(true);
        expect(foreground(item.mask!)).toBe(0);
        empty.push(item.id);
        continue;
      }
      expect(meta.maskEmpty).toBe(false);
      const t = modelCoords(item);
      // Mask centroid moves with the image under the resize + pad transform.
      const [cx, cy] = centroid(srcBinary, src.width);
      const [mx, my] = centroid(item.mask!.data, 128);
      expect(Math.abs(mx - (cx * t.sx + t.ox))).toBeLessThan(0.5);
      expect(Math.abs(my - (cy * t.sy + t.oy))).toBeLessThan(0.5);
      // And so does the image's own intensity centroid.
      const img = await readNifti(item.imagePath);
      let min = Infinity;
      for (const v of img.data) min = Math.min(min, v);
      const [ix, iy] = centroid(
        Array.from(img.data, (v) => v - min),
        img.width,
      );
      const [jx, jy] = centroid(
        Array.from(item.image.data, (v) => v + 1),
        128,
      );
      expect(Math.abs(jx - (ix * t.sx + t.ox))).toBeLessThan(1);
      expect(Math.abs(jy - (iy * t.sy + t.oy))).toBeLessThan(1);
      // Padding stays background.
      expect(item.image.data[64 * 128 + 0]).toBe(-1);
      expect(item.mask!.data[64 * 128 + 0]).toBe(0);
    }
    expect(empty).toEqual(['YG_0V2BSBNLNGKS']);
    const summary = summarizeDataset(items);
    expect(summary).toMatchObject({
      count: 6,
      withMasks: 6,
      emptyMasks: ['YG_0V2BSBNLNGKS'],
      channels: 1,
      imageSize: 128,
      formats: { 'nifti/16': 6 },
    });
    expect(summary.originalHeight).toEqual({ min: 202, max: 367 });
    expect(reporter.logs.filter((l) => l.level === 'warn').map((l) => l.message)).toEqual([
      `${path.join(tumour as string, 'YG_0V2BSBNLNGKS_seg.nii.gz')}: mask is empty (no foreground pixels)`,
    ]);
  });
});
