/** Bad input → CutsInputError naming the file and the problem; pairing rules. */
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CutsInputError } from '@cuts/core';
import { sharedDataForTests } from '@cuts/core/testing';
import { encodeNpy } from '../io/npy.js';
import { makeTempDir } from '../test-utils/tmp.js';
import { loadDataset } from './load.js';
import { discoverDataset } from './pairing.js';

let tmp: Awaited<ReturnType<typeof makeTempDir>>;
beforeAll(async () => {
  tmp = await makeTempDir();
});
afterAll(() => tmp.cleanup());

async function png(file: string, w: number, h: number, channels: 1 | 3, value = 100): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  let s = sharp(new Uint8Array(w * h * channels).fill(value), { raw: { width: w, height: h, channels } });
  if (channels === 1) s = s.toColourspace('b-w');
  await s.png().toFile(file);
}

async function folder(name: string): Promise<string> {
  const dir = path.join(tmp.dir, name);
  await mkdir(dir, { recursive: true });
  return dir;
}

async function inputError(p: Promise<unknown>): Promise<CutsInputError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(CutsInputError);
  return err as CutsInputError;
}

describe('loadDataset errors', () => {
  it('missing and empty folders', async () => {
    const missing = path.join(tmp.dir, 'nowhere');
    expect((await inputError(loadDataset(missing))).message).toBe(`${missing}: dataset folder does not exist`);
    const empty = await folder('empty');
    expect((await inputError(loadDataset(empty))).message).toMatch(new RegExp(`^${empty}: no images found`));
  });

  it('mask size differs from its image', async () => {
    const dir = await folder('mismatch');
    await png(path.join(dir, 'images', 'a.png'), 10, 8, 3);
    await mkdir(path.join(dir, 'masks'));
    const mask = path.join(dir, 'masks', 'a.npy');
    await writeFile(mask, encodeNpy({ shape: [8, 12], data: new Uint8Array(96) }));
    const err = await inputError(loadDataset(dir));
    expect(err.path).toBe(mask);
    expect(err.message).toBe(`${mask}: mask is 8×12 (H×W) but its image a.png is 8×10`);
  });

  it('image without a mask when masks are required (and fine when not)', async () => {
    const dir = await folder('unpaired');
    await png(path.join(dir, 'images', 'a.png'), 6, 6, 3);
    await png(path.join(dir, 'images', 'b.png'), 6, 6, 3);
    await png(path.join(dir, 'masks', 'a.png'), 6, 6, 1, 255);
    const err = await inputError(loadDataset(dir, { requireMasks: true }));
    expect(err.path).toBe(path.join(dir, 'images', 'b.png'));
    expect(err.message).toMatch(
      /b\.png: image has no mask \(masks are required; 1 of 2 images lack one; pairing rule images-masks\)/,
    );
    const items = await loadDataset(dir);
    expect(items.map((i) => [i.id, i.mask ? 'mask' : 'none'])).toEqual([
      ['a', 'mask'],
      ['b', 'none'],
    ]);
    expect(items[0].mask!.data.every((v) => v === 1)).toBe(true);
  });

  it('mixed channel counts', async () => {
    const dir = await folder('mixed');
    await png(path.join(dir, 'images', 'a.png'), 6, 6, 3);
    await png(path.join(dir, 'images', 'b.png'), 6, 6, 1);
    const err = await inputError(loadDataset(dir));
    expect(err.message).toBe(
      `${path.join(dir, 'images', 'b.png')}: image has 1 channel(s) but a.png has 3; a dataset must not mix grey and colour images`,
    );
  });

  it('corrupt image and corrupt mask files', async () => {
    const dir = await folder('corrupt');
    await png(path.join(dir, 'images', 'a.png'), 6, 6, 3);
    await writeFile(path.join(dir, 'images', 'b.png'), 'garbage');
    const err = await inputError(loadDataset(dir));
    expect(err.path).toBe(path.join(dir, 'images', 'b.png'));
    expect(err.message).toMatch(/cannot decode image/);
    const dir2 = await folder('corrupt-mask');
    await png(path.join(dir2, 'images', 'a.png'), 6, 6, 3);
    await mkdir(path.join(dir2, 'masks'));
    await writeFile(
      path.join(dir2, 'masks', 'a.npy'),
      encodeNpy({ shape: [6, 6], data: new Uint8Array(36) }).subarray(0, 140),
    );
    const err2 = await inputError(loadDataset(dir2));
    expect(err2.message).toMatch(/a\.npy: truncated \.npy data/);
  });

  it('writes nothing while loading', async () => {
    const dir = path.join(tmp.dir, 'unpaired');
    const before = (await readdir(dir, { recursive: true })).sort();
    await loadDataset(dir).catch(() => undefined);
    expect((await readdir(dir, { recursive: true })).sort()).toEqual(before);
  });
});

describe('pairing rules', () => {
  it('auto-detects the flat X ↔ X_seg layout and a custom rule list', async () => {
    const dir = await folder('flat');
    await png(path.join(dir, 'scan1.png'), 4, 4, 1);
    await png(path.join(dir, 'scan1_mask.png'), 4, 4, 1, 255);
    await png(path.join(dir, 'scan2.png'), 4, 4, 1);
    const found = await discoverDataset(dir);
    expect(found.rules).toEqual(['suffix-seg']);
    expect(found.entries.map((e) => [e.id, e.maskPath && path.basename(e.maskPath)])).toEqual([
      ['scan1', 'scan1_mask.png'],
      ['scan2', undefined],
    ]);
    const custom = await folder('custom');
    await png(path.join(custom, 'raw', 'case-7.png'), 4, 4, 1);
    await png(path.join(custom, 'raw', 'case-12.png'), 4, 4, 1);
    await png(path.join(custom, 'gt', 'seg_7.png'), 4, 4, 1, 255);
    const rules = [
      { imageDir: 'raw', maskDir: 'gt', imagePattern: '^case-(\\d+)\\.png$', maskPattern: '^seg_(?<key>\\d+)\\.png$' },
    ];
    const items = await loadDataset(custom, { pairing: rules });
    expect(items.map((i) => [i.id, i.maskPath && path.basename(i.maskPath)])).toEqual([
      ['case-7', 'seg_7.png'],
      ['case-12', undefined],
    ]);
    expect((await inputError(loadDataset(custom, { pairing: [{ imagePattern: '([' }] }))).message).toMatch(
      /invalid pairing pattern/,
    );
  });

  it('takes a single image file as a one-item dataset', async () => {
    const file = path.join(await folder('single'), 'one.png');
    await png(file, 5, 7, 3);
    const items = await loadDataset(file);
    expect(items.map((i) => [i.id, i.imagePath, i.mask])).toEqual([['one', file, undefined]]);
    expect(items[0].resize).toMatchObject({ originalHeight: 7, originalWidth: 5 });
    const txt = path.join(tmp.dir, 'single', 'notes.txt');
    await writeFile(txt, 'x');
    expect((await inputError(loadDataset(txt))).message).toMatch(/notes\.txt: not a supported image file/);
  });

  const retina = sharedDataForTests('retina_ga');
  it.skipIf(!retina)('picks images-label for retina_ga (all 56 paired, no stray masks)', async () => {
    const found = await discoverDataset(retina as string);
    expect(found.rules).toEqual(['images-label']);
    expect(found.entries.filter((e) => e.maskPath)).toHaveLength(56);
    expect(found.unmatchedMasks).toEqual([]);
  });
});
