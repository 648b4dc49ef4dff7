/**
 * loadDataset: discover a folder's images and masks, decode them, check them,
 * and preprocess them to model input.
 */
import path from 'node:path';
import { CutsInputError, silentReporter, type DatasetItem, type Mask, type PairingRuleInput, type Reporter } from '@cuts/core';
import type { NiftiSourceInfo } from '../io/nifti-read.js';
import type { IntensityMode } from '../preprocess/intensity.js';
import { preprocessImage, preprocessMask } from '../preprocess/preprocess.js';
import { discoverDataset, type DatasetEntry } from './pairing.js';
import { readSourceImage, readSourceMask } from './read-source.js';

export interface LoadDatasetOptions {
  /** Side of the square model input (default 128). */
  readonly imageSize?: number;
  /** Intensity rule (default 'auto': 8-bit x/255·2−1, other depths min–max). */
  readonly intensity?: IntensityMode;
  /** Axial slice of 3D NIfTI volumes (default: the middle slice). */
  readonly niftiSlice?: number;
  /** Throw when an image has no mask (default false). */
  readonly requireMasks?: boolean;
  /** 'auto' (default) or a list of pairing rules. */
  readonly pairing?: 'auto' | readonly PairingRuleInput[];
  /** Load only the first `limit` items (natural id order). */
  readonly limit?: number;
  readonly reporter?: Reporter;
}

/**
 * What `DatasetItem.meta` holds for items from loadDataset:
 * format, bitDepth, channels, original size, the intensity mapping, the mask's
 * foreground fraction (source resolution) and `maskEmpty`, and `nifti`
 * (NiftiSourceInfo) for NIfTI sources.
 */
export type LoadedItemMeta = {
  readonly format: 'raster' | 'nifti' | 'npy';
  readonly bitDepth: number;
  readonly channels: number;
  readonly intensity: { readonly low: number; readonly high: number; readonly mode: string };
  readonly rule: string;
  readonly maskForeground?: number;
  readonly maskEmpty?: boolean;
  readonly nifti?: NiftiSourceInfo;
};

export async function loadEntry(entry: DatasetEntry, options: LoadDatasetOptions): Promise<DatasetItem> {
  const source = await readSourceImage(entry.imagePath, { niftiSlice: options.niftiSlice });
  const size = options.imageSize ?? 128;
  const pre = preprocessImage(source, { imageSize: size, intensity: options.intensity });
  let mask: Mask | undefined;
  let maskForeground: number | undefined;
  if (entry.maskPath) {
    const srcMask = await readSourceMask(entry.maskPath, { niftiSlice: options.niftiSlice });
    if (srcMask.height !== source.height || srcMask.width !== source.width) {
      throw new CutsInputError(
        `mask is ${srcMask.height}×${srcMask.width} (H×W) but its image ${path.basename(entry.imagePath)} is ${source.height}×${source.width}`,
        entry.maskPath,
      );
    }
    let fg = 0;
    for (let i = 0; i < srcMask.data.length; i++) fg += srcMask.data[i];
    maskForeground = fg / srcMask.data.length;
    mask = preprocessMask(srcMask, pre.resize, size);
  }
  const meta: LoadedItemMeta = {
    format: source.format,
    bitDepth: source.bitDepth,
    channels: source.channels,
    intensity: pre.intensity,
    rule: entry.rule,
    ...(maskForeground !== undefined ? { maskForeground, maskEmpty: maskForeground === 0 } : {}),
    ...(source.nifti ? { nifti: source.nifti } : {}),
  };
  return {
    id: entry.id,
    imagePath: entry.imagePath,
    ...(entry.maskPath ? { maskPath: entry.maskPath } : {}),
    image: pre.image,
    ...(mask ? { mask } : {}),
    resize: pre.resize,
    meta,
  };
}

/**
 * Loads every image of a dataset folder (and its mask, when paired) as model
 * input. Throws CutsInputError naming the file for unreadable or corrupt files,
 * masks whose size differs from their image, an empty folder, a missing mask
 * when `requireMasks`, and images whose channel count differs from the first's.
 */
export async function loadDataset(dir: string, options: LoadDatasetOptions = {}): Promise<DatasetItem[]> {
  const reporter = options.reporter ?? silentReporter;
  const found = await discoverDataset(dir, { pairing: options.pairing });
  let entries = found.entries;
  if (options.limit !== undefined) entries = entries.slice(0, Math.max(0, options.limit));
  if (options.requireMasks) {
    const missing = entries.filter((e) => !e.maskPath);
    if (missing.length > 0) {
      const names = missing.slice(0, 5).map((e) => path.basename(e.imagePath)).join(', ');
      throw new CutsInputError(
        `image has no mask (masks are required; ${missing.length} of ${entries.length} images lack one${missing.length > 1 ? `: ${names}${missing.length > 5 ? ', …' : ''}` : ''}; pairing rule ${missing[0].rule})`,
        missing[0].imagePath,
      );
    }
  }
  reporter.log('info', `${dir}: ${entries.length} images, ${entries.filter((e) => e.maskPath).length} with masks (pairing: ${found.rules.join(', ')})`);
  for (const m of found.unmatchedMasks) reporter.log('warn', `${m}: mask matches no image`);
  const items: DatasetItem[] = [];
  for (const entry of entries) {
    const item = await loadEntry(entry, options);
    const first = items[0];
    if (first && item.image.channels !== first.image.channels) {
      throw new CutsInputError(
        `image has ${item.image.channels} channel(s) but ${path.basename(first.imagePath)} has ${first.image.channels}; a dataset must not mix grey and colour images`,
        entry.imagePath,
      );
    }
    const meta = item.meta as LoadedItemMeta | undefined;
    if (meta?.maskEmpty) reporter.log('warn', `${entry.maskPath}: mask is empty (no foreground pixels)`);
    items.push(item);
    reporter.progress({ task: 'load', done: items.length, total: entries.length });
  }
  reporter.end('load');
  return items;
}
