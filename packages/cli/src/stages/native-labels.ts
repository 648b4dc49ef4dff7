/**
 * Native label outputs after clustering:
 * - volumes: each method's per-slice maps are linked into volume-consistent
 *   region ids (cluster.linkSliceRegions; the 128² slice PNGs are rewritten
 *   with those ids), mapped back to the source grid slice by slice and written
 *   as one 3D NIfTI label volume on the source grid (source qform/sform and
 *   codes, NIFTI_INTENT_LABEL, a description), plus a DICOM SEG for DICOM
 *   series; diffusion levels become L 3D maps, coarse → fine.
 * - 2D images: diffusion levels on the native grid (labels_native/diffusion_levels/).
 * One volume at a time is held in memory.
 */
import { mkdir, readdir } from 'node:fs/promises';
import path from 'node:path';
import { linkSliceRegions } from '@cuts/cluster';
import {
  insertSlice,
  labelMapToOriginal,
  readVolumeSource,
  writeDicomSeg,
  writeLabelMapPng,
  writeNiftiLike,
  writeNiftiVolume,
  type DicomVolume,
} from '@cuts/data';
import { createLabelMap, type DatasetItem, type Reporter } from '@cuts/core';
import { nativeLevel, nativeSeg } from '../native-paths.js';
import { exists, LEVELS_METHOD, readLevelsIndex, writeNativeLevelsIndex, type RunDir } from '../run-dir.js';
import { RUN_DIRS, type LevelsIndex } from '@cuts/run-folder';
import { readLabelMapPng } from './label-io.js';
import { nativeSources, type Native2D, type NativeVolume } from './native-sources.js';

async function ensureDir(file: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
}

/** Methods with one map per item: the folders under labels/ except the levels. */
export async function labelMethods(runDir: RunDir): Promise<string[]> {
  const dir = runDir.at(RUN_DIRS.labels);
  if (!(await exists(dir))) return [];
  return (await readdir(dir, { withFileTypes: true }))
    .filter((e) => e.isDirectory() && e.name !== LEVELS_METHOD)
    .map((e) => e.name)
    .sort();
}

async function levels2D(runDir: RunDir, s: Native2D, index: LevelsIndex): Promise<number> {
  const stack = index[s.id] ?? [];
  for (let k = 0; k < stack.length; k++) {
    const map = labelMapToOriginal(await readLabelMapPng(runDir.level(s.id, stack[k])), s.item.resize);
    const file = nativeLevel(runDir, s.id, k, s.ext);
    await ensureDir(file);
    if (s.nifti) await writeNiftiLike(file, map, s.nifti);
    else await writeLabelMapPng(file, map);
  }
  return stack.length;
}

/** Links per-slice 128² maps and returns the native label volume (source grid, x fastest). */
function toNativeVolume(v: NativeVolume, linked: readonly Int32Array[], size: number): Int32Array {
  const [nx, ny, nz] = v.ref.dims;
  const out = new Int32Array(nx * ny * nz);
  v.slices.forEach((item, k) => {
    const native = labelMapToOriginal(createLabelMap(size, size, linked[k]), item.resize);
    insertSlice(out, v.ref.dims, v.ref.axis, k, native.data);
  });
  return out;
}

async function writeVolumeLabels(
  runDir: RunDir,
  v: NativeVolume,
  methods: readonly string[],
  levelsIndex: LevelsIndex,
  reporter: Reporter,
): Promise<number> {
  const volume = await readVolumeSource(v.ref, (m) => reporter.log('warn', m));
  const size = v.slices[0].image.height;
  const axisNote = `${v.ref.sliceAxis} slices`;
  const write = async (file: string, labels: Int32Array, what: string) => {
    await ensureDir(file);
    await writeNiftiVolume(file, {
      dims: volume.dims,
      data: labels,
      geometry: volume.geometry,
      description: `cuts-ts ${what} (${axisNote}, linked)`,
      intentCode: 1002,
    });
  };
  for (const method of methods) {
    const files = v.slices.map((it) => runDir.labels(method, it.id));
    if (!(await Promise.all(files.map(exists))).every(Boolean)) continue;
    const maps = await Promise.all(files.map(readLabelMapPng));
    const linked = linkSliceRegions(maps.map((m) => m.data));
    for (let k = 0; k < files.length; k++) await writeLabelMapPng(files[k], createLabelMap(size, size, linked[k]));
    const native = toNativeVolume(v, linked, size);
    await write(runDir.nativeLabels(method, v.id, '.nii.gz'), native, method);
    if (volume.format === 'dicom') {
      await writeDicomSeg(nativeSeg(runDir, method, v.id), {
        labels: native,
        dims: volume.dims,
        series: (volume as DicomVolume).dicom,
        description: `cuts-ts ${method}`,
      });
    }
  }
  // Diffusion levels: slice s has l_s levels (coarse → fine); volume level k of L reads slice level round(k·(l_s−1)/(L−1)).
  const perSlice = v.slices.map((it) => levelsIndex[it.id] ?? []);
  if (perSlice.some((l) => l.length === 0)) return 0;
  const L = Math.max(...perSlice.map((l) => l.length));
  for (let k = 0; k < L; k++) {
    const maps = await Promise.all(
      v.slices.map((it, s) => {
        const l = perSlice[s];
        const j = L === 1 ? 0 : Math.round((k * (l.length - 1)) / (L - 1));
        return readLabelMapPng(runDir.level(it.id, l[j]));
      }),
    );
    const linked = linkSliceRegions(maps.map((m) => m.data));
    await write(
      nativeLevel(runDir, v.id, k, '.nii.gz'),
      toNativeVolume(v, linked, size),
      `diffusion level ${k} of ${L}`,
    );
  }
  return L;
}

/** Writes every native label output of the run (see the file comment). */
export async function writeNativeLabels(
  runDir: RunDir,
  items: readonly DatasetItem[],
  reporter: Reporter,
): Promise<void> {
  const methods = await labelMethods(runDir);
  const levelsIndex: LevelsIndex = await readLevelsIndex(runDir);
  const nativeIndex: Record<string, number> = {};
  const sources = nativeSources(items);
  let done = 0;
  for (const s of sources) {
    const L =
      s.kind === 'volume'
        ? await writeVolumeLabels(runDir, s, methods, levelsIndex, reporter)
        : await levels2D(runDir, s, levelsIndex);
    if (L > 0) nativeIndex[s.id] = L;
    reporter.progress({ task: 'native labels', done: ++done, total: sources.length });
  }
  reporter.end('native labels');
  if (Object.keys(nativeIndex).length > 0) {
    await ensureDir(runDir.nativeLevelsIndex);
    await writeNativeLevelsIndex(runDir, nativeIndex);
  }
}
