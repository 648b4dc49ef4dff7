/**
 * Native inputs of a run: every source image or volume on its own grid
 * (images_native/), its ground truth (masks_native/) and native/index.json.
 * Volumes are re-read one at a time from their source.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import {
  readSourceImage,
  readSourceMask,
  readVolumeMask,
  readVolumeSource,
  sliceGeometry,
  writeMaskPng,
  writeNiftiVolume,
  writeSourcePng,
} from '@cuts/data';
import type { DatasetItem, Reporter } from '@cuts/core';
import { nativeImage, nativeIndexFile, nativeMask, type NativeIndex, type NativeIndexEntry } from '../native-paths.js';
import { writeJsonAtomic, type RunDir } from '../run-dir.js';
import { nativeSources, type Native2D, type NativeVolume } from './native-sources.js';

async function ensureDir(file: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
}

async function write2D(runDir: RunDir, s: Native2D): Promise<NativeIndexEntry> {
  const { item } = s;
  const r = item.resize;
  const img = nativeImage(runDir, s.id, s.ext);
  await ensureDir(img);
  if (s.nifti) {
    const src = await readSourceImage(item.imagePath, { niftiSlice: s.nifti.sliceIndex });
    await writeNiftiVolume(img, {
      dims: [src.width, src.height, 1],
      data: src.data,
      geometry: sliceGeometry(s.nifti),
      description: 'cuts-ts source image',
    });
  } else {
    await writeSourcePng(img, await readSourceImage(item.imagePath));
  }
  if (item.maskPath) {
    const m = await readSourceMask(item.maskPath, s.nifti ? { niftiSlice: s.nifti.sliceIndex } : {});
    const file = nativeMask(runDir, s.id, s.ext);
    await ensureDir(file);
    if (s.nifti)
      await writeNiftiVolume(file, {
        dims: [m.width, m.height, 1],
        data: m.data,
        geometry: sliceGeometry(s.nifti),
        description: 'cuts-ts ground truth',
      });
    else await writeMaskPng(file, m);
  }
  return {
    kind: 'image2d',
    format: s.nifti ? 'nifti' : 'png',
    ext: s.ext,
    dims: [r.originalWidth, r.originalHeight],
    spacing: s.spacing,
    units: s.spacing ? 'mm' : 'px',
    channels: item.image.channels,
    hasMask: item.maskPath !== undefined,
  };
}

async function writeVolume(runDir: RunDir, v: NativeVolume, reporter: Reporter): Promise<NativeIndexEntry> {
  const volume = await readVolumeSource(v.ref, (m) => reporter.log('warn', m));
  const img = nativeImage(runDir, v.id, '.nii.gz');
  await ensureDir(img);
  await writeNiftiVolume(img, {
    dims: volume.dims,
    data: volume.data,
    geometry: volume.geometry,
    description: `cuts-ts source ${volume.format} volume`,
  });
  if (v.ref.maskPath) {
    const mask = await readVolumeMask(v.ref.maskPath, volume, v.ref.volumeIndex);
    const file = nativeMask(runDir, v.id, '.nii.gz');
    await ensureDir(file);
    await writeNiftiVolume(file, {
      dims: volume.dims,
      data: mask,
      geometry: volume.geometry,
      description: 'cuts-ts ground truth',
    });
  }
  return {
    kind: 'volume',
    format: v.ref.format,
    ext: '.nii.gz',
    dims: [...v.ref.dims],
    spacing: [...v.ref.spacing],
    units: 'mm',
    channels: 1,
    sliceAxis: v.ref.sliceAxis,
    slices: [...v.ref.sliceIds],
    hasMask: v.ref.maskPath !== undefined,
  };
}

/** Writes images_native/, masks_native/ and native/index.json for every source of `items`. */
export async function writeNativeInputs(
  runDir: RunDir,
  items: readonly DatasetItem[],
  reporter: Reporter,
): Promise<NativeIndex> {
  const index: NativeIndex = { schema: 1, items: {} };
  const sources = nativeSources(items);
  let done = 0;
  for (const s of sources) {
    index.items[s.id] = s.kind === 'volume' ? await writeVolume(runDir, s, reporter) : await write2D(runDir, s);
    reporter.progress({ task: 'native inputs', done: ++done, total: sources.length });
  }
  reporter.end('native inputs');
  await ensureDir(nativeIndexFile(runDir));
  await writeJsonAtomic(nativeIndexFile(runDir), index);
  return index;
}
