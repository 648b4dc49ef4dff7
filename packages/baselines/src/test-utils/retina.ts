/**
 * Test helper: the real retina GA set (56 RGB 128² PNGs + uint8 .npy masks)
 * read in place from ../shared/data/retina_ga, converted to model input the
 * way the reference did (x = (v − 127.5)/127.5 in float32). Masks are read
 * with @cuts/data's `.npy` reader (a devDependency: the runtime does not use data).
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { createImage, createMask } from '@cuts/core';
import type { Image, Mask } from '@cuts/core';
import { readNpy } from '@cuts/data';

/** A 2-D uint8/bool `.npy` array (all the retina masks are) as a mask. */
export async function readNpyMask(file: string): Promise<Mask> {
  const npy = await readNpy(file);
  if (npy.shape.length !== 2 || (npy.dtype !== 'uint8' && npy.dtype !== 'bool')) {
    throw new Error(`${file}: expected a 2-D uint8/bool array, got ${npy.dtype} (${npy.shape.join(', ')})`);
  }
  return createMask(npy.shape[0], npy.shape[1], Uint8Array.from(npy.data));
}

export interface RetinaItem {
  readonly id: string;
  readonly image: Image;
  readonly mask: Mask;
}

/** All retina images as [-1, 1] float32 model inputs with their masks, sorted by id. */
export async function loadRetina(dir: string): Promise<RetinaItem[]> {
  const names = readdirSync(path.join(dir, 'images'))
    .filter((f) => /^image\d+\.png$/.test(f))
    .sort();
  return Promise.all(
    names.map(async (name) => {
      const num = /\d+/.exec(name)?.[0] as string;
      const { data, info } = await sharp(path.join(dir, 'images', name))
        .removeAlpha()
        .raw()
        .toBuffer({ resolveWithObject: true });
      const f = new Float32Array(data.length);
      for (let i = 0; i < data.length; i++) f[i] = Math.fround(Math.fround(data[i] - 127.5) / 127.5);
      return {
        id: `image${num}`,
        image: createImage(info.height, info.width, info.channels, f),
        mask: await readNpyMask(path.join(dir, 'masks', `label${num}.npy`)),
      };
    }),
  );
}
