/**
 * A run folder in the native-grid contract (notes: issue 17, `native/index.json`) built from
 * real data: two FLAIR volumes with glioma masks from ../shared/data/lgg_volumes (copied as
 * images_native/ and masks_native/) and one real 256×173 ultrasound PNG with its mask. The
 * label maps are defined here in closed form from the voxel values and the masks, so tests
 * compute every expected answer themselves. Label volumes are written with a minimal
 * NIfTI writer: the source's own header with datatype and description patched.
 */
import { copyFile, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import sharp from 'sharp';
import { parseConfig } from '@cuts/core/browser';
import {
  formatNativeLevelsIndex,
  formatRunConfigFile,
  formatSummary,
  RUN_FILES,
  runMarker,
  type Summary,
} from '@cuts/run-folder';

const DATA = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../../../../shared/data');
export const VOLUME_IDS = ['TCGA_CS_4942_19970222', 'TCGA_CS_4943_20000902'] as const;
export const IMAGE2D_ID = '000_HC';
export const LEVELS_3D = 3;
export const LEVELS_2D = 2;

export interface FixtureVolume {
  dims: [number, number, number];
  /** Decompressed NIfTI bytes of the source (header + voxels). */
  nifti: Uint8Array;
  voxOffset: number;
  values: Uint8Array;
  mask: Uint8Array;
}

/** Reads a source volume and its mask (both uint8) straight from the shared data. */
export async function readFixtureVolume(id: string): Promise<FixtureVolume> {
  const nifti = gunzipSync(await readFile(path.join(DATA, 'lgg_volumes', `${id}.nii.gz`)));
  const seg = gunzipSync(await readFile(path.join(DATA, 'lgg_volumes', `${id}_seg.nii.gz`)));
  const dv = new DataView(nifti.buffer, nifti.byteOffset, nifti.byteLength);
  const dims = [1, 2, 3].map((d) => dv.getInt16(40 + 2 * d, true)) as [number, number, number];
  const voxOffset = dv.getFloat32(108, true);
  const segOffset = new DataView(seg.buffer, seg.byteOffset).getFloat32(108, true);
  if (dv.getInt16(70, true) !== 2) throw new Error(`${id}: expected a uint8 volume`);
  const n = dims[0] * dims[1] * dims[2];
  return {
    dims,
    nifti,
    voxOffset,
    values: nifti.subarray(voxOffset, voxOffset + n),
    mask: seg.subarray(segOffset, segOffset + n),
  };
}

/** Diffusion levels of a volume, coarse → fine; nested, and ids change between levels on purpose. */
export function volumeLevel(v: FixtureVolume, level: number): Uint8Array {
  const out = new Uint8Array(v.values.length);
  const nx = v.dims[0];
  for (let p = 0; p < out.length; p++) {
    const bg = v.values[p] <= 15;
    const bright = v.mask[p] === 1 || v.values[p] > 120;
    if (level === 0) out[p] = bg ? 1 : 2;
    else if (level === 1) out[p] = bg ? 11 : bright ? 3 : 2;
    else out[p] = bg ? 21 : bright ? (v.mask[p] ? 5 : 3) : p % nx < nx / 2 ? 2 : 4;
  }
  return out;
}

/** The `kmeans` label volume: intensity bands of 50. */
export const volumeKmeans = (v: FixtureVolume): Uint8Array =>
  Uint8Array.from(v.values, (x) => Math.min(4, Math.floor(x / 50)));

/** 2D levels (coarse → fine) and kmeans for the ultrasound image, from its grey values. */
export function image2dLevel(values: Uint8Array, width: number, level: number): Uint8Array {
  return Uint8Array.from(values, (v, p) =>
    level === 0 ? (v <= 30 ? 0 : 1) : v <= 30 ? 7 : p % width < width / 2 ? 1 : 2,
  );
}
export const image2dKmeans = (values: Uint8Array): Uint8Array => Uint8Array.from(values, (v) => Math.floor(v / 64));

/** The source header with a new uint8 body: datatype 2, bitpix 8, scl 1/0, vox_offset 352, a description. */
function niftiLike(source: FixtureVolume, body: Uint8Array, description: string): Buffer {
  const head = Buffer.from(source.nifti.subarray(0, 352));
  head.writeInt16LE(2, 70);
  head.writeInt16LE(8, 72);
  head.writeFloatLE(352, 108);
  head.writeFloatLE(1, 112);
  head.writeFloatLE(0, 116);
  head.fill(0, 148, 228);
  head.write(description.slice(0, 79), 148, 'latin1');
  head.fill(0, 348, 352);
  return gzipSync(Buffer.concat([head, body]));
}

async function put(file: string, data: Buffer | Uint8Array | string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, data);
}

const grey = (values: Uint8Array, width: number, height: number) =>
  sharp(Buffer.from(values), { raw: { width, height, channels: 1 } }).toColourspace('b-w');

/** Reads the 2D fixture image's grey values and mask (0/1) from the shared PNGs. */
export async function readFixtureImage2d(): Promise<{
  width: number;
  height: number;
  values: Uint8Array;
  mask: Uint8Array;
}> {
  const img = await sharp(path.join(DATA, 'hc18_fetal_head_us', 'images', `${IMAGE2D_ID}.png`))
    .extractChannel(0)
    .raw()
    .toBuffer({ resolveWithObject: true });
  const mask = await sharp(path.join(DATA, 'hc18_fetal_head_us', 'masks', `${IMAGE2D_ID}.png`))
    .extractChannel(0)
    .raw()
    .toBuffer();
  return {
    width: img.info.width,
    height: img.info.height,
    values: new Uint8Array(img.data),
    mask: Uint8Array.from(mask, (v) => (v ? 1 : 0)),
  };
}

export const sliceId = (id: string, k: number) => `${id}__s${String(k).padStart(3, '0')}`;

/** The trainer's model/training-log.json (packages/train/src/train.ts writes this object). */
export const TRAINING_LOG = {
  backend: 'wasm',
  epochsCompleted: 6,
  bestEpoch: 5,
  bestLoss: 0.52,
  split: { train: ['a'], validation: ['b'] },
  history: [1.9, 1.2, 0.9, 0.7, 0.6, 0.58].map((t, i) => ({
    epoch: i + 1,
    trainLoss: t,
    valLoss: i === 5 ? 0.55 : t * 0.9 + 0.05,
    lr: 1e-3,
  })),
  config: { seed: 1 },
};

/** Writes the run to `dir` or `<fresh temp folder>/run`. */
export async function writeVolumeRun(dir?: string): Promise<string> {
  const run = dir ?? path.join(await mkdtemp(path.join(tmpdir(), 'cuts-viewer-vol-')), 'run');
  const items: Record<string, unknown> = {};
  const levels: Record<string, number> = {};
  const csv = ['image,method,protocol,dice,iou,hd,hd95,ssim,clusters,dice_native,hd_native,hd95_native,units'];
  for (const [n, id] of VOLUME_IDS.entries()) {
    const v = await readFixtureVolume(id);
    const [nx, ny, nz] = v.dims;
    await copyFile(
      path.join(DATA, 'lgg_volumes', `${id}.nii.gz`),
      path.join(await dirOf(run, 'images_native'), `${id}.nii.gz`),
    );
    await copyFile(
      path.join(DATA, 'lgg_volumes', `${id}_seg.nii.gz`),
      path.join(await dirOf(run, 'masks_native'), `${id}.nii.gz`),
    );
    await put(
      path.join(run, 'labels_native', 'kmeans', `${id}.nii.gz`),
      niftiLike(v, volumeKmeans(v), 'cuts-ts kmeans'),
    );
    for (let l = 0; l < LEVELS_3D; l++)
      await put(
        path.join(run, 'labels_native', 'diffusion_levels', id, `${l}.nii.gz`),
        niftiLike(v, volumeLevel(v, l), `cuts-ts level ${l}`),
      );
    levels[id] = LEVELS_3D;
    const slices = Array.from({ length: nz }, (_, k) => sliceId(id, k));
    items[id] = {
      kind: 'volume',
      format: 'nifti',
      ext: '.nii.gz',
      dims: v.dims,
      spacing: [1, 1, 3],
      units: 'mm',
      channels: 1,
      sliceAxis: 'axial',
      slices,
      hasMask: true,
    };
    const km = volumeKmeans(v);
    const mask255 = Uint8Array.from(v.mask, (x) => x * 255);
    for (let k = 0; k < nz; k++) {
      const part = (a: Uint8Array) => a.subarray(k * nx * ny, (k + 1) * nx * ny);
      const small = (a: Uint8Array) => grey(part(a), nx, ny).resize(128, 128, { kernel: 'nearest' }).png();
      await put(path.join(run, 'images', `${slices[k]}.png`), await small(v.values).toBuffer());
      await put(path.join(run, 'masks', `${slices[k]}.png`), await small(mask255).toBuffer());
      await put(path.join(run, 'labels', 'kmeans', `${slices[k]}.png`), await small(km).toBuffer());
    }
    csv.push(`${id},kmeans,hint,${0.6 + n / 10},0.5,20,10,,5,${0.55 + n / 10},14.2,9.1,mm`);
  }
  const im = await readFixtureImage2d();
  await copyFile(
    path.join(DATA, 'hc18_fetal_head_us', 'images', `${IMAGE2D_ID}.png`),
    path.join(await dirOf(run, 'images_native'), `${IMAGE2D_ID}.png`),
  );
  await copyFile(
    path.join(DATA, 'hc18_fetal_head_us', 'masks', `${IMAGE2D_ID}.png`),
    path.join(await dirOf(run, 'masks_native'), `${IMAGE2D_ID}.png`),
  );
  await put(
    path.join(run, 'labels_native', 'kmeans', `${IMAGE2D_ID}.png`),
    await grey(image2dKmeans(im.values), im.width, im.height).png().toBuffer(),
  );
  for (let l = 0; l < LEVELS_2D; l++) {
    await put(
      path.join(run, 'labels_native', 'diffusion_levels', IMAGE2D_ID, `${l}.png`),
      await grey(image2dLevel(im.values, im.width, l), im.width, im.height)
        .png()
        .toBuffer(),
    );
  }
  levels[IMAGE2D_ID] = LEVELS_2D;
  items[IMAGE2D_ID] = {
    kind: 'image2d',
    format: 'png',
    ext: '.png',
    dims: [im.width, im.height],
    spacing: null,
    units: 'px',
    channels: 1,
    hasMask: true,
  };
  const small2d = (a: Uint8Array) =>
    grey(a, im.width, im.height).resize(128, 128, { kernel: 'nearest' }).png().toBuffer();
  await put(path.join(run, 'images', `${IMAGE2D_ID}.png`), await small2d(im.values));
  await put(path.join(run, 'masks', `${IMAGE2D_ID}.png`), await small2d(Uint8Array.from(im.mask, (x) => x * 255)));
  await put(path.join(run, 'labels', 'kmeans', `${IMAGE2D_ID}.png`), await small2d(image2dKmeans(im.values)));
  csv.push(`${IMAGE2D_ID},kmeans,hint,0.8,0.67,12,8,0.6,4,0.79,25.1,16.3,px`);

  await put(path.join(run, 'native', 'index.json'), JSON.stringify({ schema: 1, items }, null, 1));
  await put(path.join(run, RUN_FILES.nativeLevelsIndex), formatNativeLevelsIndex(levels));
  await put(path.join(run, 'metrics.csv'), csv.join('\n') + '\n');
  const ms = (mean: number, std: number) => ({ mean, std });
  const summary: Summary = {
    dataset: 'lgg_volumes',
    images: 3,
    backend: 'wasm',
    seed: 1,
    timings_s: { train: 0, embed: 0, cluster: 0, eval: 0 },
    metrics: {
      kmeans: {
        hint: {
          n: 3,
          dice: ms(0.7, 0.08),
          hd: ms(17.33, 3.77),
          hd95: ms(9.33, 0.94),
          ssim: ms(0.6, 0),
          clusters: ms(4.67, 0.47),
        },
      },
    },
  };
  await put(path.join(run, RUN_FILES.summary), formatSummary(summary));
  await put(path.join(run, RUN_FILES.trainingLog), JSON.stringify(TRAINING_LOG, null, 1));
  const config = {
    config: parseConfig({ data: { sliceAxis: 'axial' } }),
    seed: 1,
    backend: 'wasm',
    data: { dir: 'lgg_volumes', demo: false },
    versions: { 'cuts-ts': '0.1.0' },
    createdAt: '2026-12-01T00:00:00.000Z',
  };
  await put(path.join(run, RUN_FILES.config), formatRunConfigFile(config));
  await put(path.join(run, RUN_FILES.marker), JSON.stringify(runMarker('viewer fixture')));
  return run;
}

async function dirOf(run: string, sub: string): Promise<string> {
  const d = path.join(run, sub);
  await mkdir(d, { recursive: true });
  return d;
}
