/**
 * `--features` and the controls on the demo set (64², 3 images, tiny budgets):
 * every map is checked against the cluster package run here on the same
 * feature matrix, so the CLI's wiring (which features, which seed) is what is tested.
 */
import { readFile, readdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFeatures, clusterImage } from '@cuts/cluster';
import { createEmbeddingMatrix, parseConfig, type DatasetItem } from '@cuts/core';
import { loadDataset, readNpy, readRasterImage } from '@cuts/data';
import { parseSummary } from '@cuts/eval';
import { makeTempDir, runCli, writeFastConfig } from './test-utils/cli.js';

let tmp: Awaited<ReturnType<typeof makeTempDir>>;
let cfg: string;
let items: DatasetItem[];
const config = parseConfig({ data: { imageSize: 64 } });

beforeAll(async () => {
  tmp = await makeTempDir();
  cfg = await writeFastConfig(tmp.dir);
});
afterAll(() => tmp.cleanup());

async function run(name: string, extra: string[]): Promise<string> {
  const out = path.join(tmp.dir, name);
  const r = await runCli([
    'run',
    '--out',
    out,
    '--demo-count',
    '3',
    '--config',
    cfg,
    '--methods',
    'kmeans',
    '--quiet',
    ...extra,
  ]);
  expect(r.code, r.stderr).toBe(0);
  items ??= await loadDataset(path.join(out, 'demo-data'), { imageSize: 64 });
  return out;
}

async function labels(run: string, method: string, id: string): Promise<number[]> {
  return Array.from((await readRasterImage(path.join(run, 'labels', method, `${id}.png`))).data as ArrayLike<number>);
}

const expected = (features: ReturnType<typeof buildFeatures>, _item: DatasetItem): number[] =>
  Array.from(
    clusterImage(features, { height: 64, width: 64 }, config.cluster, ['kmeans'], config.seed).kmeans!.map.data,
  );

describe('cuts run --features pixels', () => {
  let out: string;
  beforeAll(async () => {
    out = await run('pixels', ['--features', 'pixels']);
  });

  it('trains nothing and clusters the model input itself', async () => {
    expect(existsSync(path.join(out, 'model'))).toBe(false);
    for (const item of items)
      expect(await labels(out, 'kmeans', item.id)).toEqual(expected(buildFeatures('pixels', item), item));
  });

  it('is its own raw-pixel control: no pixels_ maps, the classical controls are scored, the report says so', async () => {
    const dirs = await readdir(path.join(out, 'labels'));
    expect(dirs.filter((d) => d.startsWith('pixels_'))).toEqual([]);
    const summary = parseSummary(JSON.parse(await readFile(path.join(out, 'summary.json'), 'utf8')));
    expect(Object.keys(summary.metrics).sort()).toEqual(['felzenszwalb', 'kmeans', 'kmeans_pixels', 'otsu', 'slic']);
    expect(await readFile(path.join(out, 'report.md'), 'utf8')).toContain('clusters the **raw pixels**');
  });
});

describe('cuts run (default features) with controls', () => {
  let out: string;
  beforeAll(async () => {
    out = await run('embedding', ['--epochs', '1']);
  });

  it('writes the raw-pixel control beside the CUTS map, clustered exactly like it', async () => {
    for (const item of items)
      expect(await labels(out, 'pixels_kmeans', item.id)).toEqual(expected(buildFeatures('pixels', item), item));
  });

  it('scores CUTS, raw pixels and the classical tools, and the report compares them with the summary numbers', async () => {
    const summary = parseSummary(JSON.parse(await readFile(path.join(out, 'summary.json'), 'utf8')));
    expect(Object.keys(summary.metrics).sort()).toEqual([
      'felzenszwalb',
      'kmeans',
      'kmeans_pixels',
      'otsu',
      'pixels_kmeans',
      'slic',
    ]);
    const report = await readFile(path.join(out, 'report.md'), 'utf8');
    expect(report).toContain('## Did the learning pay?');
    const cuts = summary.metrics.kmeans.hint!.dice.mean.toFixed(3);
    const raw = summary.metrics.pixels_kmeans.hint!.dice.mean.toFixed(3);
    expect(report).toContain(`| kmeans | ${cuts} | ${raw} |`);
    expect(report).toMatch(/\*\*(Yes|No)\*\*/);
  });
});

describe('cuts run --features both', () => {
  it('clusters the embedding with the pixels appended at pixelWeight × its variance', async () => {
    const out = await run('both', ['--epochs', '1', '--features', 'both', '--keep-embeddings', '--no-controls']);
    for (const item of items) {
      const npy = await readNpy(path.join(out, 'embeddings', `${item.id}.npy`));
      const embedding = createEmbeddingMatrix(npy.shape[0], npy.shape[1], npy.data as Float32Array);
      const features = buildFeatures('both', { image: item.image, embedding }, config.cluster.pixelWeight);
      expect(features.dim).toBe(embedding.dim + item.image.channels);
      expect(await labels(out, 'kmeans', item.id)).toEqual(expected(features, item));
    }
  });
});
