/**
 * Reader fuzzing: mutated copies of real files (PNG, JPEG, TIFF, NIfTI, .npy
 * from ../shared/data; JPEG and TIFF re-encoded from the real PNGs) each
 * either load as a consistent raster or fail with a CutsInputError naming the
 * file — never another error, a hang or unbounded memory. Deterministic (seeded).
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isInputError, Rng } from '@cuts/core';
import { sharedDataForTests } from '@cuts/core/testing';
import { readSourceImage, readSourceMask } from '../dataset/read-source.js';

const retina = sharedDataForTests('retina_ga');
const brain = sharedDataForTests('brain_tumor');
const lgg = sharedDataForTests('lgg_flair_mri');
const PER_FORMAT = 600;
/** Bounds: a decode limit far below the default keeps each decode small; time and memory are checked per file. */
const MAX_PIXELS = 4_000_000;
const MAX_SECONDS = 10;
const MAX_RSS = 3 * 1024 ** 3;

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(tmpdir(), 'cuts-fuzz-'));
});
afterAll(() => rm(tmp, { recursive: true, force: true }));

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** One mutation of `src`: bit flips, byte overwrites, a 32-bit field, truncation, a removed or repeated chunk. */
function mutate(src: Uint8Array, rng: Rng, headerBytes: number): Uint8Array {
  const b = Uint8Array.from(src);
  const at = (inHeader: boolean) => rng.int(0, inHeader ? Math.min(headerBytes, b.length) : b.length);
  switch (rng.int(0, 6)) {
    case 0: {
      for (let k = rng.int(1, 9); k > 0; k--) b[at(rng.next() < 0.5)] ^= 1 << rng.int(0, 8);
      return b;
    }
    case 1: {
      const vals = [0, 0xff, 0x7f, 0x80, 0x01, 0xfe];
      for (let k = rng.int(1, 5); k > 0; k--) b[at(rng.next() < 0.7)] = vals[rng.int(0, vals.length)];
      return b;
    }
    case 2: {
      // A 32-bit header field (dimensions, offsets, lengths) set to an extreme.
      const o = Math.min(at(true), b.length - 4);
      const v = [0, 1, 0x7fffffff, 0xffffffff, 0x10000, rng.int(0, 2 ** 31)][rng.int(0, 6)];
      new DataView(b.buffer).setUint32(Math.max(0, o), v, rng.next() < 0.5);
      return b;
    }
    case 3:
      return b.subarray(0, rng.int(0, b.length));
    case 4: {
      const s = rng.int(0, b.length);
      const e = Math.min(b.length, s + rng.int(1, 4096));
      return concat(b.subarray(0, s), b.subarray(e));
    }
    default: {
      const s = rng.int(0, b.length);
      const e = Math.min(b.length, s + rng.int(1, 512));
      return concat(b.subarray(0, e), b.subarray(s, e), b.subarray(e));
    }
  }
}

interface Outcome {
  loaded: number;
  refused: number;
  failures: string[];
  slowest: number;
  peakRss: number;
}

async function fuzz(
  name: string,
  sources: Uint8Array[],
  ext: string,
  headerBytes: number,
  seed: number,
  mask = false,
  count = PER_FORMAT,
): Promise<Outcome> {
  const rng = new Rng(seed);
  const out: Outcome = { loaded: 0, refused: 0, failures: [], slowest: 0, peakRss: 0 };
  for (let i = 0; i < count; i++) {
    const file = path.join(tmp, `${name}-${i}${ext}`);
    await writeFile(file, mutate(sources[i % sources.length], rng, headerBytes));
    const start = performance.now();
    try {
      const r = mask
        ? await readSourceMask(file, { maxPixels: MAX_PIXELS })
        : await readSourceImage(file, { maxPixels: MAX_PIXELS });
      const channels = 'channels' in r ? r.channels : 1;
      if (r.data.length !== r.height * r.width * channels || r.height * r.width > MAX_PIXELS) {
        out.failures.push(`${file}: inconsistent result ${r.height}×${r.width}×${channels}, ${r.data.length} values`);
      } else out.loaded++;
    } catch (err) {
      if (isInputError(err) && (err as Error).message.startsWith(`${file}: `)) out.refused++;
      else out.failures.push(`${file}: ${(err as Error).name}: ${(err as Error).message}`);
    }
    out.slowest = Math.max(out.slowest, (performance.now() - start) / 1000);
    out.peakRss = Math.max(out.peakRss, process.memoryUsage().rss);
    await rm(file);
  }
  return out;
}

function check(o: Outcome, count = PER_FORMAT): void {
  expect(o.failures.slice(0, 5)).toEqual([]);
  expect(o.loaded + o.refused).toBe(count);
  // Both outcomes occur: the mutations are neither all harmless nor all fatal.
  expect(o.refused).toBeGreaterThan(count / 20);
  expect(o.slowest).toBeLessThan(MAX_SECONDS);
  expect(o.peakRss).toBeLessThan(MAX_RSS);
}

const read = (dir: string, names: string[]) =>
  Promise.all(names.map(async (n) => new Uint8Array(await readFile(path.join(dir, n)))));

describe.skipIf(!retina || !brain || !lgg)('reader fuzz (mutated real files)', () => {
  it('PNG', async () => {
    const srcs = [
      ...(await read(path.join(retina!, 'images'), ['image10.png', 'image9.png'])),
      ...(await read(path.join(lgg!, 'images'), ['TCGA_CS_4941_19960909_15.png'])),
    ];
    check(await fuzz('png', srcs, '.png', 64, 1));
  });

  it('JPEG (re-encoded from the real PNGs)', async () => {
    const png = await read(path.join(retina!, 'images'), ['image9.png', 'image10.png']);
    const srcs = await Promise.all(
      png.map(async (p) => new Uint8Array(await sharp(p).jpeg({ quality: 90 }).toBuffer())),
    );
    check(await fuzz('jpeg', srcs, '.jpg', 400, 2));
  });

  it('TIFF (re-encoded from the real PNGs, 8- and 16-bit)', async () => {
    const [a, b] = await read(path.join(lgg!, 'images'), [
      'TCGA_CS_4941_19960909_15.png',
      'TCGA_CS_4944_20010208_10.png',
    ]);
    const srcs = [
      new Uint8Array(await sharp(a).tiff().toBuffer()),
      new Uint8Array(await sharp(b).toColourspace('grey16').tiff().toBuffer()),
    ];
    check(await fuzz('tiff', srcs, '.tif', 256, 3));
  });

  it('NIfTI (gzip and uncompressed)', async () => {
    const gz = await read(brain!, ['YG_0BEUR3GWE1NK.nii.gz', 'YG_0E4YFW4K2VCD_seg.nii.gz']);
    const raw = new Uint8Array(gunzipSync(gz[0]));
    // Half the count each: these files are larger (a gzip stream, or 300 KB of voxels).
    check(await fuzz('niigz', gz, '.nii.gz', 64, 4, false, PER_FORMAT / 2), PER_FORMAT / 2);
    check(await fuzz('nii', [raw], '.nii', 352, 5, false, PER_FORMAT / 2), PER_FORMAT / 2);
  });

  it('.npy (images as masks: the retina labels)', async () => {
    const srcs = await read(path.join(retina!, 'masks'), ['label10.npy', 'label9.npy']);
    check(await fuzz('npy', srcs, '.npy', 128, 6, true));
  });
});
