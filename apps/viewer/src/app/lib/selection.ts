import type { BinaryMask, LabelMap } from './png.js';

export interface Selection {
  x: number;
  y: number;
  /** The label under (x, y). */
  label: number;
  /** Every pixel carrying that label (the whole cluster, as the `point` protocol takes it). */
  mask: BinaryMask;
  /** Foreground pixel count. */
  area: number;
}

/** The cluster under pixel (x, y) of `map` as a binary mask. */
export function selectCluster(map: LabelMap, x: number, y: number): Selection {
  if (!Number.isInteger(x) || !Number.isInteger(y) || x < 0 || y < 0 || x >= map.width || y >= map.height) {
    throw new RangeError(`pixel (${x}, ${y}) is outside the ${map.width}×${map.height} label map`);
  }
  const label = map.data[y * map.width + x];
  const data = new Uint8Array(map.data.length);
  let area = 0;
  for (let i = 0; i < data.length; i++) {
    if (map.data[i] === label) {
      data[i] = 1;
      area++;
    }
  }
  return { x, y, label, mask: { width: map.width, height: map.height, data }, area };
}

/**
 * Pixel under a click at (offsetX, offsetY) CSS pixels on an element displayed at
 * displayWidth×displayHeight showing a width×height image.
 */
export function pixelAt(
  offsetX: number,
  offsetY: number,
  displayWidth: number,
  displayHeight: number,
  width: number,
  height: number,
): { x: number; y: number } {
  const clamp = (v: number, hi: number) => Math.min(hi - 1, Math.max(0, Math.floor(v)));
  return { x: clamp((offsetX / displayWidth) * width, width), y: clamp((offsetY / displayHeight) * height, height) };
}
