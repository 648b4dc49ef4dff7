import { readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CutsInputError, createImage, createLabelMap, createMask } from '@cuts/core';
import { makeTempDir } from '../test-utils/tmp.js';
import { writeFileAtomic } from './atomic-write.js';
import { writeImagePng, writeLabelMapPng, writeMaskPng } from './png-write.js';
import { readRasterImage } from './raster.js';

/** A baseline little-endian uncompressed 16-bit greyscale TIFF, one strip. */
function handTiff16(w: number, h: number, values: number[]): Uint8Array {
  const tags: [number, number, number][] = [
    [256, 3, w], // ImageWidth, SHORT
    [257, 3, h], // ImageLength
    [258, 3, 16], // BitsPerSample
    [259, 3, 1], // Compression: none
    [262, 3, 1], // Photometric: BlackIsZero
    [273, 4, 0], // StripOffsets (patched below)
    [277, 3, 1], // SamplesPerPixel
    [278, 3, h], // RowsPerStrip
    [279, 4, w * h * 2], // StripByteCounts
  ];
  const ifdSize = 2 + tags.length * 12 + 4;
  const dataOffset = 8 + ifdSize;
  const out = new Uint8Array(dataOffset + w * h * 2);
  const v = new DataView(out.buffer);
  out.set([0x49, 0x49, 42, 0]);
  v.setUint32(4, 8, true);
  v.setUint16(8, tags.length, true);
  tags.forEach(([tag, type, value], i) => {
    const o = 10 + i * 12;
    v.setUint16(o, tag, true);
    v.setUint16(o + 2, type, true);
    v.setUint32(o + 4, 1, true);
    const val = tag === 273 ? dataOffset : value;
    if (type === 3) v.setUint16(o + 8, val, true);
    else v.setUint32(o + 8, val, true);
  });
  values.forEach((x, i) => v.setUint16(dataOffset + 2 * i, x, true));
  return out;
}

let tmp: Awaited<ReturnType<typeof makeTempDir>>;
beforeAll(async () => {
  tmp = await makeTempDir();
});
afterAll(() => tmp.cleanup());

describe('readRasterImage', () => {
  it('16-bit grey PNG round-trips losslessly through writeLabelMapPng', async () => {
    const w = 37;
    const h = 23;
    const data = new Int32Array(w * h);
    for (let i = 0; i < data.length; i++) data[i] = (i * 2654435761) % 65536; // spread over the full 16-bit range
    data[0] = 65535;
    data[1] = 0;
    const file = path.join(tmp.dir, 'labels16.png');
    expect(await writeLabelMapPng(file, createLabelMap(h, w, data))).toBe(16);
    const back = await readRasterImage(file);
    expect(back).toMatchObject({ width: w, height: h, channels: 1, bitDepth: 16 });
    expect(back.data).toBeInstanceOf(Uint16Array);
    expect(Array.from(back.data)).toEqual(Array.from(data));
  });

  it('16-bit RGB PNG written by sharp reads back exactly', async () => {
    const w = 16;
    const h = 9;
    const rgb = new Uint16Array(w * h * 3);
    for (let i = 0; i < rgb.length; i++) rgb[i] = (i * 997 + 13) % 65536;
    const png = path.join(tmp.dir, 'rgb16.png');
    await sharp(rgb, { raw: { width: w, height: h, channels: 3 } })
      .toColourspace('rgb16')
      .png()
      .toFile(png);
    const back = await readRasterImage(png);
    expect(back).toMatchObject({ width: w, height: h, channels: 3, bitDepth: 16 });
    expect(Array.from(back.data)).toEqual(Array.from(rgb));
  });

  it('16-bit grey TIFF written byte by byte reads back exactly', async () => {
    const w = 5;
    const h = 3;
    const values = Array.from({ length: w * h }, (_, i) => (i * 4099 + 7) % 65536);
    const file = path.join(tmp.dir, 'grey16.tif');
    await writeFile(file, handTiff16(w, h, values));
    const back = await readRasterImage(file);
    expect(back).toMatchObject({ width: w, height: h, channels: 1, bitDepth: 16 });
    expect(Array.from(back.data)).toEqual(values);
  });

  it('8-bit label maps are written as 8-bit PNG and read back', async () => {
    const labels = createLabelMap(
      4,
      5,
      Int32Array.from({ length: 20 }, (_, i) => (i * 13) % 256),
    );
    const file = path.join(tmp.dir, 'labels8.png');
    expect(await writeLabelMapPng(file, labels)).toBe(8);
    const back = await readRasterImage(file);
    expect(back.bitDepth).toBe(8);
    expect(Array.from(back.data)).toEqual(Array.from(labels.data));
  });

  it('drops alpha and keeps grey as one channel; JPEG decodes to RGB', async () => {
    const rgba = Uint8Array.from({ length: 4 * 4 * 4 }, (_, i) => (i * 31) % 256);
    const file = path.join(tmp.dir, 'rgba.png');
    await sharp(rgba, { raw: { width: 4, height: 4, channels: 4 } })
      .png()
      .toFile(file);
    const back = await readRasterImage(file);
    expect(back.channels).toBe(3);
    expect(Array.from(back.data.subarray(0, 6))).toEqual([rgba[0], rgba[1], rgba[2], rgba[4], rgba[5], rgba[6]]);
    const jpg = path.join(tmp.dir, 'x.jpg');
    await sharp(rgba, { raw: { width: 4, height: 4, channels: 4 } })
      .jpeg()
      .toFile(jpg);
    expect((await readRasterImage(jpg)).channels).toBe(3);
  });

  it('writeImagePng maps [-1, 1] to 0..255 and writeMaskPng to 0/255', async () => {
    const img = createImage(1, 4, 1, Float32Array.from([-1, 0, 1, 2]));
    const f1 = path.join(tmp.dir, 'img.png');
    await writeImagePng(f1, img);
    expect(Array.from((await readRasterImage(f1)).data)).toEqual([0, 128, 255, 255]);
    const f2 = path.join(tmp.dir, 'mask.png');
    await writeMaskPng(f2, createMask(1, 3, Uint8Array.from([0, 1, 0])));
    expect(Array.from((await readRasterImage(f2)).data)).toEqual([0, 255, 0]);
  });

  it('corrupt and missing files give a CutsInputError naming the file', async () => {
    const bad = path.join(tmp.dir, 'corrupt.png');
    await writeFile(bad, Buffer.from('\x89PNG\r\n\x1a\n this is not really a png'));
    const err = await readRasterImage(bad).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CutsInputError);
    expect((err as Error).message).toMatch(/corrupt\.png: cannot decode image/);
    await expect(readRasterImage(path.join(tmp.dir, 'missing.png'))).rejects.toThrow(/missing\.png: /);
  });
});

describe('atomic writes', () => {
  it('leave no temporary file behind, on success or on failure', async () => {
    const dir = path.join(tmp.dir, 'atomic');
    await writeFileAtomic(path.join(dir, 'a.txt'), 'one');
    await writeFileAtomic(path.join(dir, 'a.txt'), 'two');
    // Renaming a file over a non-empty directory fails: the temp file must be removed.
    await writeFileAtomic(path.join(dir, 'sub', 'x.txt'), 'x');
    await expect(writeFileAtomic(path.join(dir, 'sub'), 'y')).rejects.toThrow();
    expect((await readdir(dir)).sort()).toEqual(['a.txt', 'sub']);
    await expect(
      writeLabelMapPng(path.join(dir, 'neg.png'), createLabelMap(1, 2, Int32Array.from([0, -1]))),
    ).rejects.toThrow(/outside \[0, 65535\]/);
    expect((await readdir(dir)).sort()).toEqual(['a.txt', 'sub']);
  });
});
