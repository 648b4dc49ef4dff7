/**
 * Native-grid scoring inside the evaluate stage (the metrics live in
 * @cuts/eval; this file only reads the run folder):
 * - 2D images: each model-grid row gets dice_native / hd_native / hd95_native /
 *   units from the same cluster on labels_native/ against the source mask;
 * - volumes: one row per method × protocol for the whole volume (image = the
 *   volume id), scored on the 3D label volume against the 3D mask, with the
 *   model-grid columns computed on the same labels resampled to the 128² slices.
 */
import { existsSync } from 'node:fs';
import { evaluateVolume, nativeScoresForRow, type ImageScore, type NativeGrid } from '@cuts/eval';
import { extractSlice, padInto, readNiftiVolume, readSourceMask, resizeNearest } from '@cuts/data';
import { CutsInputError, type Protocol } from '@cuts/core';
import { nativeLevel } from '../native-paths.js';
import type { RunDir } from '../run-dir.js';
import { readLabelMapPng } from './label-io.js';
import type { Native2D, NativeVolume } from './native-sources.js';

async function readNativeLabels(file: string): Promise<Int32Array> {
  if (file.endsWith('.png')) return (await readLabelMapPng(file)).data;
  return Int32Array.from((await readNiftiVolume(file)).data);
}

/** The source mask of a 2D image and its grid. */
export async function nativeGround2D(s: Native2D): Promise<{ gt: Uint8Array; grid: NativeGrid }> {
  const m = await readSourceMask(s.item.maskPath!, s.nifti ? { niftiSlice: s.nifti.sliceIndex } : {});
  return { gt: m.data, grid: { dims: [m.width, m.height], spacing: s.spacing } };
}

/**
 * Adds the native columns to one 2D image's rows of one method. `levelFiles`:
 * rows of a level stack (the oracle) read level `row.level` (its position in the
 * coarse → fine stack); otherwise the method's single native map.
 */
export async function addNative2D(
  runDir: RunDir,
  s: Native2D,
  method: string,
  rows: readonly ImageScore[],
  ground: { gt: Uint8Array; grid: NativeGrid },
  stackLength?: number,
): Promise<ImageScore[]> {
  const out: ImageScore[] = [];
  for (const row of rows) {
    let labels: Int32Array[];
    if (stackLength !== undefined) {
      const file = nativeLevel(runDir, s.id, row.level ?? 0, s.ext);
      if (!existsSync(file)) {
        out.push(row);
        continue;
      }
      labels = [await readNativeLabels(file)];
    } else {
      const file = runDir.nativeLabels(method, s.id, s.ext);
      if (!existsSync(file)) {
        out.push(row);
        continue;
      }
      labels = [await readNativeLabels(file)];
    }
    out.push({
      ...row,
      ...nativeScoresForRow({ protocol: row.protocol, clusterId: row.clusterId }, labels, ground.gt, ground.grid, s.id),
    });
  }
  return out;
}

/** A native label volume resampled onto the stack of model-input slices (nearest; padding −1). */
function toModelStack(native: Int32Array, v: NativeVolume, size: number): Int32Array {
  const plane = size * size;
  const out = new Int32Array(plane * v.slices.length);
  v.slices.forEach((item, k) => {
    const s = extractSlice(native, v.ref.dims, v.ref.axis, k);
    const r = item.resize;
    const resized = resizeNearest(s.data, s.height, s.width, r.resizedHeight, r.resizedWidth);
    out.set(padInto(resized, r.resizedHeight, r.resizedWidth, 1, size, r.padTop, r.padLeft, -1), k * plane);
  });
  return out;
}

/** Rows of one volume: every method under the single-map protocols, and the levels under the oracle. */
export async function volumeRows(
  runDir: RunDir,
  v: NativeVolume,
  methods: readonly string[],
  protocols: readonly Protocol[],
  levels: number,
): Promise<ImageScore[]> {
  if (!v.ref.maskPath) return [];
  const m = await readNiftiVolume(v.ref.maskPath, { volumeIndex: v.ref.volumeIndex });
  if (m.dims.some((d, i) => d !== v.ref.dims[i]))
    throw new CutsInputError(`mask is ${m.dims.join('×')} but its volume is ${v.ref.dims.join('×')}`, v.ref.maskPath);
  const gt = Uint8Array.from(m.data, (x) => (x !== 0 ? 1 : 0));
  const size = v.slices[0].image.height;
  const plane = size * size;
  const modelGt = new Uint8Array(plane * v.slices.length);
  v.slices.forEach((it, k) => it.mask && modelGt.set(it.mask.data, k * plane));
  const nativeGrid: NativeGrid = { dims: [...v.ref.dims], spacing: [...v.ref.spacing] };
  const modelGrid: NativeGrid = { dims: [size, size, v.slices.length], spacing: null };
  const score = (labels: Int32Array, method: string, ps: readonly Protocol[]) =>
    evaluateVolume({
      image: v.id,
      method,
      native: { levels: [labels], gt, grid: nativeGrid },
      model: { levels: [toModelStack(labels, v, size)], gt: modelGt, grid: modelGrid },
      protocols: ps,
    });
  const rows: ImageScore[] = [];
  const single = protocols.filter((p) => p !== 'oracle');
  for (const method of methods) {
    const file = runDir.nativeLabels(method, v.id, '.nii.gz');
    if (single.length === 0 || !existsSync(file)) continue;
    rows.push(...score(await readNativeLabels(file), method, single));
  }
  if (protocols.includes('oracle') && levels > 0) {
    let best: ImageScore | undefined;
    for (let k = 0; k < levels; k++) {
      const file = nativeLevel(runDir, v.id, k, '.nii.gz');
      if (!existsSync(file)) continue;
      const [r] = score(await readNativeLabels(file), 'diffusion_best', ['oracle']);
      if (!best || (r.dice_native ?? 0) > (best.dice_native ?? 0)) best = { ...r, level: k };
    }
    if (best) rows.push(best);
  }
  return rows;
}
