/**
 * loadDataset: discover a folder's images and masks, decode them, check them,
 * and preprocess them to model input.
 */
import path from 'node:path';
import {
  CutsInputError,
  silentReporter,
  type DatasetItem,
  type Mask,
  type PairingRuleInput,
  type Reporter,
} from '@cuts/core';
import { findDicomSeries, isDicomFolder, readDicomSeries } from '../dicom/dicom-series.js';
import { isNiftiPath, type NiftiSourceInfo } from '../io/nifti-read.js';
import { readNiftiVolume } from '../volume/nifti-volume-read.js';
import type { SliceAxisName } from '../volume/volume.js';
import { readVolumeMask, volumeToItems, type VolumeRef } from './load-volume.js';
import type { IntensityMode } from '../preprocess/intensity.js';
import { replaceNonFinite } from '../preprocess/non-finite.js';
import { preprocessImage, preprocessMask } from '../preprocess/preprocess.js';
import { discoverDataset, type DatasetEntry } from './pairing.js';
import { readSourceImage, readSourceMask } from './read-source.js';

/** Options of `loadDataset`: model input size, intensity rule, pairing, limits, progress. */
export interface LoadDatasetOptions {
  /** Side of the square model input (default 128). */
  readonly imageSize?: number;
  /** Intensity rule (default 'auto': 8-bit x/255·2−1, other depths min–max). */
  readonly intensity?: IntensityMode;
  /**
   * Read 3D NIfTI volumes as this one axial slice (a 2D image) instead of as
   * volumes. Default: volumes are split into slices along `sliceAxis`.
   */
  readonly niftiSlice?: number;
  /** Axis 3D volumes are sliced along (default axial). */
  readonly sliceAxis?: SliceAxisName;
  /** Volume of a 4D NIfTI to read (4D input without it fails). */
  readonly volumeIndex?: number;
  /** Throw when an image has no mask (default false). */
  readonly requireMasks?: boolean;
  /** 'auto' (default) or a list of pairing rules. */
  readonly pairing?: 'auto' | readonly PairingRuleInput[];
  /** Load only the first `limit` items (natural id order). */
  readonly limit?: number;
  /** Refuse images of more pixels than this (default DEFAULT_MAX_PIXELS, 50 million). */
  readonly maxPixels?: number;
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
  /** Slices of a volume: the volume they belong to and their index along its slice axis. */
  readonly volume?: VolumeRef;
  readonly sliceIndex?: number;
};

/** One discovered entry as items: a 2D image gives one, a 3D volume one per slice. */
export async function loadEntry(
  entry: DatasetEntry,
  options: LoadDatasetOptions,
  reporter: Reporter = options.reporter ?? silentReporter,
): Promise<DatasetItem[]> {
  if (isNiftiPath(entry.imagePath) && options.niftiSlice === undefined) {
    const volume = await readNiftiVolume(entry.imagePath, { volumeIndex: options.volumeIndex });
    if (volume.dims[2] > 1) {
      const mask = entry.maskPath ? await readVolumeMask(entry.maskPath, volume, undefined) : undefined;
      return volumeToItems(
        entry.id,
        volume,
        mask,
        {
          format: 'nifti',
          source: entry.imagePath,
          maskPath: entry.maskPath,
          volumeIndex: options.volumeIndex,
          rule: entry.rule,
        },
        options,
      );
    }
  }
  return [await loadImageEntry(entry, options, reporter)];
}

async function loadImageEntry(
  entry: DatasetEntry,
  options: LoadDatasetOptions,
  reporter: Reporter,
): Promise<DatasetItem> {
  const read = { niftiSlice: options.niftiSlice, maxPixels: options.maxPixels };
  const raw = await readSourceImage(entry.imagePath, read);
  const finite = replaceNonFinite(raw.data);
  if (finite.replaced > 0) {
    reporter.log(
      'warn',
      `${entry.imagePath}: ${finite.replaced} of ${raw.data.length} value(s) are NaN or ±Infinity; replaced (+Inf by the largest finite value, −Inf and NaN by the smallest)`,
    );
  }
  const source = finite.replaced > 0 ? { ...raw, data: finite.data } : raw;
  const size = options.imageSize ?? 128;
  const pre = preprocessImage(source, { imageSize: size, intensity: options.intensity });
  let mask: Mask | undefined;
  let maskForeground: number | undefined;
  if (entry.maskPath) {
    const srcMask = await readSourceMask(entry.maskPath, read);
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
  if (await isDicomDataset(dir)) return loadDicomDataset(dir, options);
  const found = await discoverDataset(dir, { pairing: options.pairing });
  let entries = found.entries;
  if (options.limit !== undefined) entries = entries.slice(0, Math.max(0, options.limit));
  if (options.requireMasks) {
    const missing = entries.filter((e) => !e.maskPath);
    if (missing.length > 0) {
      const names = missing
        .slice(0, 5)
        .map((e) => path.basename(e.imagePath))
        .join(', ');
      throw new CutsInputError(
        `image has no mask (masks are required; ${missing.length} of ${entries.length} images lack one${missing.length > 1 ? `: ${names}${missing.length > 5 ? ', …' : ''}` : ''}; pairing rule ${missing[0].rule})`,
        missing[0].imagePath,
      );
    }
  }
  reporter.log(
    'info',
    `${dir}: ${entries.length} images, ${entries.filter((e) => e.maskPath).length} with masks (pairing: ${found.rules.join(', ')})`,
  );
  for (const m of found.unmatchedMasks) reporter.log('warn', `${m}: mask matches no image`);
  for (const s of found.skipped) reporter.log('warn', `${s.file}: skipped (${s.reason})`);
  const items: DatasetItem[] = [];
  let done = 0;
  for (const entry of entries) {
    for (const item of await loadEntry(entry, options, reporter)) {
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
    }
    reporter.progress({ task: 'load', done: ++done, total: entries.length });
  }
  reporter.end('load');
  return items;
}

/** A folder holding DICOM files (directly or one level down) and no regular images. */
async function isDicomDataset(dir: string): Promise<boolean> {
  if (!(await isDicomFolder(dir))) return false;
  try {
    await discoverDataset(dir);
    return false;
  } catch {
    return true;
  }
}

/** Every DICOM series of a folder as a volume (id: its folder's name, with the series number when a folder holds several). */
async function loadDicomDataset(dir: string, options: LoadDatasetOptions): Promise<DatasetItem[]> {
  const reporter = options.reporter ?? silentReporter;
  let series = await findDicomSeries(dir);
  const perFolder = new Map<string, number>();
  for (const s of series) perFolder.set(s.folder, (perFolder.get(s.folder) ?? 0) + 1);
  for (const [folder, n] of perFolder) {
    if (n > 1)
      reporter.log('warn', `${folder}: holds ${n} DICOM series (mixed series); each is read as its own volume`);
  }
  if (options.limit !== undefined) series = series.slice(0, Math.max(0, options.limit));
  reporter.log('info', `${dir}: ${series.length} DICOM series`);
  const items: DatasetItem[] = [];
  const used = new Set<string>();
  for (const s of series) {
    const base = path.basename(path.resolve(s.folder));
    let id = (perFolder.get(s.folder) ?? 1) > 1 ? `${base}_series${s.seriesNumber ?? used.size + 1}` : base;
    while (used.has(id)) id = `${id}_`;
    used.add(id);
    const volume = await readDicomSeries(s.files, { warn: (m) => reporter.log('warn', m) });
    items.push(
      ...volumeToItems(
        id,
        volume,
        undefined,
        { format: 'dicom', source: s.folder, files: s.files, rule: 'dicom-series' },
        options,
      ),
    );
    reporter.progress({ task: 'load', done: used.size, total: series.length });
  }
  reporter.end('load');
  return items;
}
