import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { defaultConfig } from '@cuts/core/browser';
import {
  formatLevelsIndex,
  formatMetricsCsv,
  formatRunConfigFile,
  formatSummary,
  RUN_FILES,
  runMarker,
  runPaths,
  type Summary,
} from '@cuts/run-folder';

/**
 * Writes a small but real run folder (PNG files by sharp, 8- and 16-bit label maps,
 * diffusion levels with index.json, metrics.csv, summary.json, training log) whose
 * geometry is known in closed form, so tests can compute expected answers themselves.
 * Every path and JSON/CSV file comes from the run-folder contract (`@cuts/run-folder`),
 * so the fixture has the shapes a real `cuts run` writes (the trainer's {history, bestEpoch} log).
 */
export const SIZE = 128;

export interface FixtureImage {
  name: string;
  cx: number;
  cy: number;
  /** Ground-truth disc radius. */
  r: number;
}

export const FIXTURE_IMAGES: FixtureImage[] = [
  { name: 'img1', cx: 60, cy: 64, r: 24 },
  { name: 'img2', cx: 70, cy: 58, r: 28 },
  { name: 'img3 b', cx: 64, cy: 70, r: 32 },
];

/** Level indices in coarse → fine order (the order written to index.json). */
export const LEVEL_ORDER = [3, 2, 1, 0];

const inDisc = (x: number, y: number, cx: number, cy: number, r: number) => (x - cx) ** 2 + (y - cy) ** 2 <= r * r;

export function gtMask(im: FixtureImage): Uint8Array {
  const m = new Uint8Array(SIZE * SIZE);
  for (let y = 0; y < SIZE; y++)
    for (let x = 0; x < SIZE; x++) m[y * SIZE + x] = inDisc(x, y, im.cx, im.cy, im.r) ? 1 : 0;
  return m;
}

/** Label value at (x, y) for each map in the fixture. */
export const labelFns = {
  /** 8-bit: disc of radius r+3 is 1, background quadrants 0, 2, 3, 4. */
  kmeans: (im: FixtureImage, x: number, y: number) =>
    inDisc(x, y, im.cx, im.cy, im.r + 3) ? 1 : [0, 2, 3, 4][(x < 64 ? 0 : 1) + (y < 64 ? 0 : 2)],
  /** 16-bit: core disc 1000, ring 300, background 65535 (x < 40) or 7. */
  spectral_kmeans: (im: FixtureImage, x: number, y: number) =>
    inDisc(x, y, im.cx, im.cy, im.r - 2) ? 1000 : inDisc(x, y, im.cx, im.cy, im.r + 6) ? 300 : x < 40 ? 65535 : 7,
  /** Diffusion level `level` (3 coarsest: 2 clusters … 0 finest: 4 disc quadrants + 64 background tiles). */
  level: (level: number) => (im: FixtureImage, x: number, y: number) => {
    const disc = inDisc(x, y, im.cx, im.cy, im.r + 2);
    if (level === 3) return disc ? 5 : 0;
    if (level === 2) return disc ? (x < im.cx ? 5 : 6) : 0;
    if (disc) return 5 + (x < im.cx ? 0 : 1) + (y < im.cy ? 0 : 2);
    return level === 1 ? 0 : 100 + Math.floor(x / 16) + 8 * Math.floor(y / 16);
  },
};

export function labelMap(im: FixtureImage, fn: (im: FixtureImage, x: number, y: number) => number): Int32Array {
  const out = new Int32Array(SIZE * SIZE);
  for (let y = 0; y < SIZE; y++) for (let x = 0; x < SIZE; x++) out[y * SIZE + x] = fn(im, x, y);
  return out;
}

async function writeGrey(file: string, values: ArrayLike<number>, sixteen: boolean): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const raw = { width: SIZE, height: SIZE, channels: 1 as const };
  const img = sixteen
    ? sharp(Uint16Array.from(values), { raw }).toColourspace('grey16')
    : sharp(Buffer.from(Uint8Array.from(values)), { raw }).toColourspace('b-w');
  await img.png().toFile(file);
}

async function writeRgb(file: string, fn: (x: number, y: number) => [number, number, number]): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const buf = Buffer.alloc(SIZE * SIZE * 3);
  for (let y = 0; y < SIZE; y++) for (let x = 0; x < SIZE; x++) buf.set(fn(x, y), (y * SIZE + x) * 3);
  await sharp(buf, { raw: { width: SIZE, height: SIZE, channels: 3 } })
    .png()
    .toFile(file);
}

/** Dice written to metrics.csv for the fixture (hand-chosen, distinct per image so sorting is testable). */
export const FIXTURE_DICE: Record<string, Record<string, number>> = {
  img1: { 'kmeans/hint': 0.81, 'spectral_kmeans/hint': 0.62, 'kmeans/point': 0.7 },
  img2: { 'kmeans/hint': 0.35, 'spectral_kmeans/hint': 0.91, 'kmeans/point': 0.3 },
  'img3 b': { 'kmeans/hint': 0.57, 'spectral_kmeans/hint': 0.44, 'kmeans/point': 0.5 },
};

/** Writes the fixture to `dir`, or to `<fresh temp folder>/run` (so tests can put files beside it). */
export async function writeFixtureRun(dir?: string): Promise<string> {
  const run = dir ?? path.join(await mkdtemp(path.join(tmpdir(), 'cuts-viewer-')), 'run');
  for (const im of FIXTURE_IMAGES) {
    await writeRgb(path.join(run, runPaths.image(im.name)), (x, y) => {
      const d = inDisc(x, y, im.cx, im.cy, im.r);
      return [d ? 220 : 40 + x, d ? 190 : 30 + y / 2, d ? 60 : 90];
    });
    await writeRgb(path.join(run, runPaths.recon(im.name)), (x, y) => {
      const d = inDisc(x, y, im.cx, im.cy, im.r + 1);
      return [d ? 200 : 60 + x / 2, d ? 170 : 50, d ? 80 : 100];
    });
    await writeGrey(
      path.join(run, runPaths.mask(im.name)),
      Array.from(gtMask(im), (v) => v * 255),
      false,
    );
    await writeGrey(path.join(run, runPaths.labels('kmeans', im.name)), labelMap(im, labelFns.kmeans), false);
    await writeGrey(
      path.join(run, runPaths.labels('spectral_kmeans', im.name)),
      labelMap(im, labelFns.spectral_kmeans),
      true,
    );
    for (const level of LEVEL_ORDER) {
      await writeGrey(path.join(run, runPaths.level(im.name, level)), labelMap(im, labelFns.level(level)), false);
    }
  }
  const put = async (rel: string, text: string) => {
    await mkdir(path.dirname(path.join(run, rel)), { recursive: true });
    await writeFile(path.join(run, rel), text);
  };
  await put(RUN_FILES.marker, `${JSON.stringify(runMarker('viewer fixture'))}\n`);
  await put(
    RUN_FILES.levelsIndex,
    formatLevelsIndex(Object.fromEntries(FIXTURE_IMAGES.map((im) => [im.name, LEVEL_ORDER]))),
  );
  const rows = Object.entries(FIXTURE_DICE).flatMap(([image, byKey]) =>
    Object.entries(byKey).map(([key, d]) => {
      const [method, protocol] = key.split('/') as [string, 'hint' | 'point'];
      return {
        image,
        method,
        protocol,
        dice: d,
        iou: Number((d / (2 - d)).toFixed(4)),
        hd: 12.5,
        hd95: 8.1,
        ssim: 0.7,
        clusters: 5,
      };
    }),
  );
  await put(RUN_FILES.metrics, formatMetricsCsv(rows));
  const summary: Summary = {
    dataset: 'fixture',
    images: FIXTURE_IMAGES.length,
    backend: 'wasm',
    seed: 1,
    timings_s: { train: 12.3, embed: 1.2, cluster: 3.4, eval: 0.5 },
    metrics: {
      kmeans: {
        hint: {
          n: 3,
          dice: { mean: 0.5767, std: 0.1879 },
          hd: { mean: 12.5, std: 0 },
          hd95: { mean: 8.1, std: 0 },
          ssim: { mean: 0.7, std: 0 },
          clusters: { mean: 5, std: 0 },
        },
      },
      spectral_kmeans: {
        hint: {
          n: 3,
          dice: { mean: 0.6567, std: 0.1929 },
          hd: { mean: 12.5, std: 0 },
          hd95: { mean: 8.1, std: 0 },
          ssim: { mean: 0.7, std: 0 },
          clusters: { mean: 5, std: 0 },
        },
      },
    },
  };
  await put(RUN_FILES.summary, formatSummary(summary));
  const history = Array.from({ length: 20 }, (_, i) => ({
    epoch: i + 1,
    trainLoss: 2 * Math.exp(-i / 6) + 0.3,
    valLoss: 2.1 * Math.exp(-i / 7) + 0.35,
    lr: 1e-3,
  }));
  const bestEpoch = 20;
  const log = {
    backend: 'wasm',
    epochsCompleted: 20,
    bestEpoch,
    bestLoss: history[bestEpoch - 1].valLoss,
    split: { train: ['img1', 'img2'], validation: ['img3 b'] },
    history,
    config: defaultConfig,
  };
  await put(RUN_FILES.trainingLog, JSON.stringify(log, null, 1));
  const config = {
    config: defaultConfig,
    seed: 1,
    backend: 'wasm',
    data: { dir: 'fixture', demo: false },
    versions: { 'cuts-ts': '0.1.0' },
    createdAt: '2026-12-01T00:00:00.000Z',
  };
  await put(RUN_FILES.config, formatRunConfigFile(config));
  await put(RUN_FILES.report, '# Report\n');
  return run;
}
