import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFixtureRun } from '../test-utils/fixture-run.js';
import { describeNative } from './native-listing.js';
import { describeRun } from './run-folder.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'cuts-viewer-native-'));
  for (const f of [
    'native/index.json',
    'labels_native/diffusion_levels/index.json',
    'labels_native/diffusion_levels/V/0.nii.gz',
    'labels_native/kmeans/V.nii.gz',
    'labels_native/kmeans/V.seg.dcm',
    'labels_native/kmeans/img.png',
    'labels_native/spectral_kmeans/V.nii.gz',
    'labels_native/kmeans/.hidden.png',
    'labels_native/kmeans/notes.txt',
  ]) {
    await mkdir(path.dirname(path.join(dir, f)), { recursive: true });
    await writeFile(path.join(dir, f), '{}');
  }
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('describeNative', () => {
  it('lists the native index files and which methods have native label maps per item', async () => {
    expect(await describeNative(dir)).toEqual({
      index: true,
      levels: true,
      labels: { V: ['kmeans', 'spectral_kmeans'], img: ['kmeans'] },
    });
  });
  it('is empty for a run written before native grids (the viewer then shows the 128² PNGs)', async () => {
    const run = await writeFixtureRun();
    const listing = await describeRun(run);
    expect(listing.native).toEqual({ index: false, levels: false, labels: {} });
    expect(listing.images.map((i) => i.name)).toEqual(['img1', 'img2', 'img3 b']);
    await rm(path.dirname(run), { recursive: true, force: true });
  });
});
