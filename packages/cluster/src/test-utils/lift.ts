import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { Rng, createEmbeddingMatrix, type EmbeddingMatrix } from '@cuts/core';
import { sharedDataPath } from '@cuts/core/testing';

/**
 * Stand-in embeddings until trained ones exist: each pixel's 3×3 RGB neighbourhood
 * (27 values, edge-clamped) times a fixed 27 × dim Gaussian matrix (seed 7), then tanh.
 */
export async function liftedRetina(
  count: number,
  size: number,
  dim = 128,
): Promise<{ id: string; matrix: EmbeddingMatrix }[]> {
  const root = sharedDataPath('retina_ga');
  if (!root) throw new Error('retina data not found at ../shared/data/retina_ga (set CUTS_SHARED_DATA)');
  const dir = join(root, 'images');
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.png'))
    .sort()
    .slice(0, count);
  const rng = new Rng(7);
  const w = rng.fillNormal(new Float32Array(27 * dim), 0, 1 / Math.sqrt(27));
  const out: { id: string; matrix: EmbeddingMatrix }[] = [];
  for (const file of files) {
    const { data } = await sharp(join(dir, file))
      .removeAlpha()
      .resize(size, size)
      .raw()
      .toBuffer({ resolveWithObject: true });
    out.push({ id: file.replace(/\.png$/, ''), matrix: liftPixels(data, size, size, w, dim) });
  }
  return out;
}

function liftPixels(rgb: Uint8Array, h: number, wd: number, w: Float32Array, dim: number): EmbeddingMatrix {
  const m = createEmbeddingMatrix(h * wd, dim);
  const patch = new Float32Array(27);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < wd; x++) {
      let p = 0;
      for (let dy = -1; dy <= 1; dy++) {
        const yy = Math.min(h - 1, Math.max(0, y + dy));
        for (let dx = -1; dx <= 1; dx++) {
          const xx = Math.min(wd - 1, Math.max(0, x + dx));
          const o = (yy * wd + xx) * 3;
          for (let c = 0; c < 3; c++) patch[p++] = rgb[o + c] / 127.5 - 1;
        }
      }
      const row = (y * wd + x) * dim;
      for (let j = 0; j < dim; j++) {
        let s = 0;
        for (let q = 0; q < 27; q++) s += patch[q] * w[q * dim + j];
        m.data[row + j] = Math.tanh(s);
      }
    }
  }
  return m;
}
