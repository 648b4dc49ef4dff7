import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { isInputError } from '@cuts/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RUN_FOLDER_SCHEMA_VERSION } from '@cuts/run-folder';
import { readRunFolder } from '@cuts/run-folder/node';
import { FIXTURE_IMAGES, LEVEL_ORDER, writeFixtureRun } from '../test-utils/fixture-run.js';
import { assertRunFolder, describeRun } from './run-folder.js';

let run: string;
beforeAll(async () => {
  run = await writeFixtureRun();
});
afterAll(() => rm(path.dirname(run), { recursive: true, force: true }));

describe('assertRunFolder', () => {
  it('accepts a run folder', async () => {
    await expect(assertRunFolder(run)).resolves.toBeUndefined();
  });

  it('names the folder and the problem otherwise', async () => {
    const empty = await mkdtemp(path.join(tmpdir(), 'cuts-viewer-empty-'));
    const missing = path.join(empty, 'nope');
    for (const [dir, msg] of [
      [empty, /not a cuts run folder: none of config.json, summary.json, labels found/],
      [missing, /does not exist/],
      [path.join(run, 'summary.json'), /not a folder/],
    ] as const) {
      const err = await assertRunFolder(dir).catch((e: unknown) => e);
      expect(isInputError(err)).toBe(true);
      expect((err as Error).message).toContain(dir);
      expect((err as Error).message).toMatch(msg);
    }
    await rm(empty, { recursive: true });
  });
});

describe('the fixture and the run-folder contract', () => {
  it("the fixture validates file by file (the trainer's {history, bestEpoch} log, not the old bare array)", async () => {
    const folder = await readRunFolder(run);
    expect(folder.marker.schemaVersion).toBe(RUN_FOLDER_SCHEMA_VERSION);
    expect(folder.trainingLog!.history).toHaveLength(20);
    expect(folder.trainingLog!.bestEpoch).toBe(20);
    expect(folder.metrics).toHaveLength(9);
    expect(Object.keys(folder.summary!.metrics)).toEqual(['kmeans', 'spectral_kmeans']);
    expect(folder.levelsIndex).toEqual(Object.fromEntries(FIXTURE_IMAGES.map((im) => [im.name, LEVEL_ORDER])));
  });

  it('a folder written by a newer cuts-ts is refused, naming cuts-run.json', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'cuts-viewer-newer-'));
    await writeFile(path.join(dir, 'summary.json'), '{}');
    await writeFile(path.join(dir, 'cuts-run.json'), JSON.stringify({ schemaVersion: RUN_FOLDER_SCHEMA_VERSION + 1 }));
    const err = await assertRunFolder(dir).catch((e: unknown) => e);
    expect(isInputError(err)).toBe(true);
    expect((err as Error).message).toContain(
      `${path.join(dir, 'cuts-run.json')}: this run folder was written in run-folder format ${RUN_FOLDER_SCHEMA_VERSION + 1}`,
    );
    await rm(dir, { recursive: true });
  });
});

describe('describeRun', () => {
  it('lists images, methods, levels (index.json order) and files from the folder', async () => {
    const listing = await describeRun(run);
    expect(listing.name).toBe(path.basename(run));
    expect(listing.methods).toEqual(['kmeans', 'spectral_kmeans']);
    expect(listing.levelOrder).toBe('index.json');
    expect(listing.files).toEqual({ config: true, summary: true, metrics: true, report: true, trainingLog: true });
    expect(listing.images.map((i) => i.name)).toEqual(FIXTURE_IMAGES.map((i) => i.name));
    for (const im of listing.images) {
      expect(im).toEqual({
        name: im.name,
        image: true,
        mask: true,
        recon: true,
        methods: ['kmeans', 'spectral_kmeans'],
        levels: LEVEL_ORDER,
      });
    }
  });

  it('falls back to numeric level order without index.json and copes with partial runs', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'cuts-viewer-partial-'));
    await mkdir(path.join(dir, 'labels', 'kmeans'), { recursive: true });
    await mkdir(path.join(dir, 'labels', 'diffusion_levels', 'x'), { recursive: true });
    for (const f of [
      'labels/kmeans/x.png',
      'labels/kmeans/y.png',
      'labels/diffusion_levels/x/10.png',
      'labels/diffusion_levels/x/2.png',
      'labels/diffusion_levels/x/notes.txt',
    ]) {
      await writeFile(path.join(dir, f), '');
    }
    const listing = await describeRun(dir);
    expect(listing.levelOrder).toBe('by-cluster-count');
    expect(listing.images).toEqual([
      { name: 'x', image: false, mask: false, recon: false, methods: ['kmeans'], levels: [2, 10] },
      { name: 'y', image: false, mask: false, recon: false, methods: ['kmeans'], levels: [] },
    ]);
    expect(listing.files.summary).toBe(false);
    await rm(dir, { recursive: true });
  });

  it('rejects a malformed index.json naming the file', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'cuts-viewer-badindex-'));
    await mkdir(path.join(dir, 'labels', 'diffusion_levels'), { recursive: true });
    await writeFile(path.join(dir, 'labels', 'diffusion_levels', 'index.json'), '{"x": ["a"]}');
    await expect(describeRun(dir)).rejects.toThrow(/index\.json: key "x" must be an array of integer level indices/);
    await rm(dir, { recursive: true });
  });
});
