/**
 * Overlays for the report: `overlays/<method>/<image>.png`, each label map's
 * regions in colour over the model-input image, the expert mask outlined
 * (rendering in @cuts/eval, PNG encoding in @cuts/data).
 */
import { writeRgbPng } from '@cuts/data';
import { renderOverlay } from '@cuts/eval';
import type { DatasetItem, Image } from '@cuts/core';
import { InterruptedError } from '../errors.js';
import { exists, type RunDir } from '../run-dir.js';
import { readLabelMapPng } from './label-io.js';

/** A model-range ([-1, 1]) image as 8-bit values, the same rounding as the images/ PNGs. */
function toBytes(image: Image): Uint8Array {
  const out = new Uint8Array(image.data.length);
  for (let i = 0; i < out.length; i++) {
    const v = Math.round(((image.data[i] + 1) / 2) * 255);
    out[i] = v > 0 ? (v < 255 ? v : 255) : 0;
  }
  return out;
}

/** Writes one overlay per image and method that has a label map; returns the relative paths written. */
export async function writeOverlays(
  runDir: RunDir,
  items: readonly DatasetItem[],
  methods: readonly string[],
  signal?: AbortSignal,
): Promise<Set<string>> {
  const written = new Set<string>();
  for (const item of items) {
    if (signal?.aborted) throw new InterruptedError();
    const channels = item.image.channels === 3 ? 3 : item.image.channels === 1 ? 1 : undefined;
    if (!channels) continue;
    const bytes = toBytes(item.image);
    for (const method of methods) {
      const file = runDir.labels(method, item.id);
      if (!(await exists(file))) continue;
      const map = await readLabelMapPng(file);
      const rgb = renderOverlay({
        width: map.width,
        height: map.height,
        image: bytes,
        channels,
        labels: map.data,
        mask: item.mask?.data,
      });
      await writeRgbPng(runDir.overlay(method, item.id), map.width, map.height, rgb);
      written.add(`overlays/${method}/${item.id}.png`);
    }
  }
  return written;
}
