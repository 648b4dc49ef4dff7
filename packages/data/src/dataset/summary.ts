/**
 * A plain summary of a loaded dataset, for the CLI's "describe" output and logs.
 */
import type { DatasetItem } from '@cuts/core';
import type { LoadedItemMeta } from './load.js';

/** What `summarizeDataset` reports: counts, masks, channels, sizes, formats, foreground fraction. */
export interface DatasetSummary {
  readonly count: number;
  readonly withMasks: number;
  /** Ids whose mask has no foreground pixel. */
  readonly emptyMasks: readonly string[];
  /** Channel count of the model input (1 grey, 3 RGB). */
  readonly channels: number;
  /** Side of the model input. */
  readonly imageSize: number;
  /** Range of the source sizes (H × W). */
  readonly originalHeight: { readonly min: number; readonly max: number };
  readonly originalWidth: { readonly min: number; readonly max: number };
  /** Source formats and bit depths, e.g. { "raster/8": 56 }. */
  readonly formats: Readonly<Record<string, number>>;
  /** Mask foreground fraction over items with a mask (source resolution). */
  readonly foreground?: { readonly min: number; readonly max: number; readonly mean: number };
}

function range(values: number[]): { min: number; max: number } {
  return { min: Math.min(...values), max: Math.max(...values) };
}

/** Summarises items returned by loadDataset. */
export function summarizeDataset(items: readonly DatasetItem[]): DatasetSummary {
  if (items.length === 0) throw new RangeError('summarizeDataset: no items');
  const formats: Record<string, number> = {};
  const fg: number[] = [];
  const emptyMasks: string[] = [];
  for (const item of items) {
    const meta = item.meta as LoadedItemMeta | undefined;
    const key = meta ? `${meta.format}/${meta.bitDepth}` : 'unknown';
    formats[key] = (formats[key] ?? 0) + 1;
    if (item.mask) {
      let n = 0;
      for (const v of item.mask.data) n += v;
      const f = meta?.maskForeground ?? n / item.mask.data.length;
      fg.push(f);
      if (f === 0) emptyMasks.push(item.id);
    }
  }
  return {
    count: items.length,
    withMasks: fg.length,
    emptyMasks,
    channels: items[0].image.channels,
    imageSize: items[0].image.height,
    originalHeight: range(items.map((i) => i.resize.originalHeight)),
    originalWidth: range(items.map((i) => i.resize.originalWidth)),
    formats,
    ...(fg.length > 0 ? { foreground: { ...range(fg), mean: fg.reduce((a, b) => a + b, 0) / fg.length } } : {}),
  };
}
