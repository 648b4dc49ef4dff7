/** Test helpers: masks and label maps from formulas or ASCII art. */
import { type Rng, createLabelMap, createMask } from '@cuts/core';
import type { LabelMap, Mask } from '@cuts/core';

export function maskFrom(height: number, width: number, on: (y: number, x: number) => boolean): Mask {
  const m = createMask(height, width);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) m.data[y * width + x] = on(y, x) ? 1 : 0;
  return m;
}

/** Rows of digits → label map (or mask with `asMask`). */
export function labelsFromRows(rows: readonly string[]): LabelMap {
  const h = rows.length;
  const w = rows[0].length;
  const l = createLabelMap(h, w);
  rows.forEach((row, y) => [...row].forEach((ch, x) => (l.data[y * w + x] = Number(ch))));
  return l;
}

export function maskFromRows(rows: readonly string[]): Mask {
  const l = labelsFromRows(rows);
  return createMask(l.height, l.width, Uint8Array.from(l.data));
}

export function randomMask(height: number, width: number, density: number, rng: Rng): Mask {
  return maskFrom(height, width, () => rng.next() < density);
}

/** The masks of scripts/reference_values.py, built by the same formulas. */
export const referenceMasks = {
  rect: maskFrom(16, 20, (y, x) => y >= 3 && y <= 10 && x >= 4 && x <= 15),
  disk: maskFrom(16, 20, (y, x) => (y - 8) ** 2 + (x - 9) ** 2 <= 25),
  patA: maskFrom(32, 32, (y, x) => (y * 31 + x * 17) % 7 < 3),
  patB: maskFrom(32, 32, (y, x) => (y * 13 + x * 29) % 5 < 2),
  sparse: maskFrom(32, 32, (y, x) => (y * y * 7 + x * x * 3 + x * y) % 41 === 0),
  blob: maskFrom(32, 32, (y, x) => (y - 12) ** 2 + (x - 20) ** 2 <= 36),
};
