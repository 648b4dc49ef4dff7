/**
 * Test helper: the real retina GA set (56 RGB 128² PNGs + uint8 .npy masks)
 * read in place from ../shared/data/retina_ga, converted to model input the
 * way the reference did (x = (v − 127.5)/127.5 in float32).
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { createImage, createMask } from '@cuts/core';
import type { Image, Mask } from '@cuts/core';

/** Minimal .npy reader for 2-D uint8/bool arrays in C order (all the retina masks are). */
export function readNpyMask(file: string): Mask {
  const buf = readFileSync(file);
  if (buf.toString('latin1', 1, 6) !== 'NUMPY') throw new Error(`${file}: not a .npy file`);
  const major = buf[6];
  const headerLen = major === 1 ? buf.readUInt16LE(8) : buf.readUInt32LE(8);
  const start = major === 1 ? 10 : 12;
  const header = buf.toString('latin1', start, start + headerLen);
  const descr = /'descr':\s*'([^']+)'/.exec(header)?.[1];
  const shape = /'shape':\s*\((\d+),\s*(\d+)\)/.exec(header);
  if (!shape || (descr !== '|u1' && descr !== '|b1') || /'fortran_order':\s*True/.test(header)) {
    throw new Error(`${file}: unsupported .npy header ${header}`);
  }
  const h = Number(shape[1]);
  const w = Number(shape[2]);
  const data = new Uint8Array(buf.subarray(start + headerLen, start + headerLen + h * w));
  return createMask(h, w, data);
}

export interface RetinaItem {
  readonly id: string;
  readonly image: Image;
  readonly mask: Mask;
}

/** All retina images as [-1, 1] float32 model inputs with their masks, sorted by id. */
export async function loadRetina(dir: string): Promise<RetinaItem[]> {
  const names = readdirSync(path.join(dir, 'images')).filter((f) => /^image\d+\.png$/.test(f)).sort();
  return Promise.all(
    names.map(async (name) => {
      const num = /\d+/.exec(name)?.[0] as string;
      const { data, info } = await sharp(path.join(dir, 'images', name)).removeAlpha().raw().toBuffer({ resolveWithObject: true });
      const f = new Float32Array(data.length);
      for (let i = 0; i < data.length; i++) f[i] = Math.fround(Math.fround(data[i] - 127.5) / 127.5);
      return {
        id: `image${num}`,
        image: createImage(info.height, info.width, info.channels, f),
        mask: readNpyMask(path.join(dir, 'masks', `label${num}.npy`)),
      };
    }),
  );
}
