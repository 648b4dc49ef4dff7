/**
 * Hostile or odd input: non-finite values, masks that are not binary, symbolic
 * links, images over the pixel limit. Each reproduces a reported failure.
 */
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CutsInputError, RecordingReporter } from '@cuts/core';
import { encodeNpy } from '../io/npy.js';
import { makeTempDir } from '../test-utils/tmp.js';
import { loadDataset } from './load.js';
import { readSourceImage, readSourceMask } from './read-source.js';

let tmp: Awaited<ReturnType<typeof makeTempDir>>;
beforeAll(async () => {
  tmp = await makeTempDir();
});
afterAll(() => tmp.cleanup());

async function npy(file: string, h: number, w: number, data: Float32Array | Uint8Array): Promise<string> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, encodeNpy({ shape: [h, w], data }));
  return file;
}

/** A 16×16 ramp with a bright square: a float image with real structure. */
function ramp(): Float32Array {
  const a = new Float32Array(256);
  for (let i = 0; i < 256; i++) a[i] = (i % 16) + (Math.floor(i / 16) > 8 && i % 16 > 8 ? 100 : 0);
  return a;
}

describe('non-finite input values', () => {
  it('one +Inf voxel no longer blanks the image; the warning names the file and the count', async () => {
    const dir = path.join(tmp.dir, 'inf');
    const data = ramp();
    data[5] = Infinity;
    data[6] = Number.NaN;
    const file = await npy(path.join(dir, 'a.npy'), 16, 16, data);
    const reporter = new RecordingReporter();
    const [item] = await loadDataset(dir, { imageSize: 32, reporter });
    const warn = reporter.logs.find((l) => l.level === 'warn');
    expect(warn?.message).toMatch(new RegExp(`^${file}: 2 of 256 value\\(s\\) are NaN or ±Infinity`));
    // The picture survives: the model input spans [-1, 1] and matches the same image without the bad values.
    const clean = ramp();
    clean[5] = 115; // +Inf → the largest finite value
    clean[6] = 0; // NaN → the smallest
    const ref = await loadDataset(await npy(path.join(tmp.dir, 'ref', 'a.npy'), 16, 16, clean).then(path.dirname), {
      imageSize: 32,
    });
    expect(Array.from(item.image.data)).toEqual(Array.from(ref[0].image.data));
    expect(Math.max(...item.image.data)).toBe(1);
  });

  it('an all-NaN image loads as a constant image, with a warning', async () => {
    const dir = path.join(tmp.dir, 'nan');
    await npy(path.join(dir, 'b.npy'), 8, 8, new Float32Array(64).fill(Number.NaN));
    const reporter = new RecordingReporter();
    const [item] = await loadDataset(dir, { imageSize: 32, reporter });
    expect(new Set(item.image.data).size).toBe(1);
    expect(reporter.logs.some((l) => l.level === 'warn' && /64 of 64 value/.test(l.message))).toBe(true);
  });
});

describe('mask values', () => {
  it.each([
    ['2', 2],
    ['7', 7],
    ['0.5', 0.5],
    ['NaN', Number.NaN],
  ])('a mask holding %s is an error naming the file and the pixel', async (_name, bad) => {
    const data = new Float32Array(16);
    data[1] = 1;
    data[6] = bad;
    const file = await npy(path.join(tmp.dir, `mask-${_name}.npy`), 4, 4, data);
    const err = await readSourceMask(file).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CutsInputError);
    expect((err as Error).message).toBe(
      `${file}: mask value ${bad} at row 1, column 2: a mask must hold 0 (background) and 1 or 255 (foreground) only`,
    );
  });

  it('0/1, 0/255 and 16-bit 0/65535 masks are read as foreground', async () => {
    for (const fg of [1, 255]) {
      const file = await npy(path.join(tmp.dir, `ok-${fg}.npy`), 2, 2, Uint8Array.from([0, fg, fg, 0]));
      expect(Array.from((await readSourceMask(file)).data)).toEqual([0, 1, 1, 0]);
    }
    const png16 = path.join(tmp.dir, 'ok16.png');
    await sharp(new Uint16Array([0, 65535, 65535, 0]), { raw: { width: 2, height: 2, channels: 1 } })
      .toColourspace('grey16')
      .png()
      .toFile(png16);
    expect(Array.from((await readSourceMask(png16)).data)).toEqual([0, 1, 1, 0]);
  });
});

describe('symbolic links', () => {
  it('a linked image is loaded; a broken link is warned about by name', async () => {
    const real = path.join(tmp.dir, 'elsewhere', 'pic.npy');
    await npy(real, 8, 8, ramp().subarray(0, 64));
    const dir = path.join(tmp.dir, 'links');
    await mkdir(dir, { recursive: true });
    await symlink(real, path.join(dir, 'linked.npy'));
    await symlink(path.join(tmp.dir, 'gone.npy'), path.join(dir, 'broken.npy'));
    const reporter = new RecordingReporter();
    const items = await loadDataset(dir, { imageSize: 32, reporter });
    expect(items.map((i) => i.id)).toEqual(['linked']);
    expect(reporter.logs.map((l) => l.message)).toContain(
      `${path.join(dir, 'broken.npy')}: skipped (a broken symbolic link)`,
    );
  });
});

/** A PNG whose header claims width × height with a tiny (invalid) body: decoding it would need the full size. */
function pngClaiming(width: number, height: number): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (b: Buffer) => {
    let c = 0xffffffff;
    for (const x of b) c = crcTable[(c ^ x) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, body: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(body.length);
    const tb = Buffer.concat([Buffer.from(type, 'latin1'), body]);
    const c = Buffer.alloc(4);
    c.writeUInt32BE(crc(tb));
    return Buffer.concat([len, tb, c]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 0, 0, 0, 0], 8); // 8-bit grey
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.alloc(width + 1))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

describe('decode limit', () => {
  it('a 16000² PNG is refused before decoding, naming the file and the flag', async () => {
    const file = path.join(tmp.dir, 'huge.png');
    await writeFile(file, pngClaiming(16000, 16000));
    const err = await readSourceImage(file).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CutsInputError);
    expect((err as Error).message).toBe(
      `${file}: image is 16000×16000 = 256000000 pixels, over the decode limit of 50000000 (raise it with --max-pixels or data.maxPixels)`,
    );
  });

  it('the limit applies to every format and can be raised', async () => {
    const png = path.join(tmp.dir, 'small.png');
    await sharp({ create: { width: 40, height: 30, channels: 3, background: '#804020' } })
      .png()
      .toFile(png);
    const n = await npy(path.join(tmp.dir, 'small.npy'), 30, 40, new Float32Array(1200));
    for (const file of [png, n]) {
      await expect(readSourceImage(file, { maxPixels: 1199 })).rejects.toThrow(/over the decode limit of 1199/);
      expect((await readSourceImage(file, { maxPixels: 1200 })).width).toBe(40);
    }
  });
});
