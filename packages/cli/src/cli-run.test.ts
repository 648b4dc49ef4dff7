/**
 * End-to-end: `cuts run` on a handful of demo images with a tiny epoch count
 * writes every documented output, with a summary.json that follows the schema.
 */
import { access, readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRasterImage } from '@cuts/data';
import { splitConnectedRegions } from '@cuts/cluster';
import { createLabelMap } from '@cuts/core';
import { parseSummary } from '@cuts/eval';
import { RUN_FOLDER_SCHEMA_VERSION, RUN_TOP_LEVEL_ENTRIES, runPaths } from '@cuts/run-folder';
import { readRunFolder } from '@cuts/run-folder/node';
import { makeTempDir, runCli, writeFastConfig } from './test-utils/cli.js';

let tmp: Awaited<ReturnType<typeof makeTempDir>>;
let run: string;
let result: Awaited<ReturnType<typeof runCli>>;
const ids = ['demo_001', 'demo_002', 'demo_003'];

beforeAll(async () => {
  tmp = await makeTempDir();
  run = path.join(tmp.dir, 'run');
  const cfg = await writeFastConfig(tmp.dir);
  result = await runCli([
    'run',
    '--out',
    run,
    '--epochs',
    '2',
    '--demo-count',
    '3',
    '--config',
    cfg,
    '--baselines',
    'otsu,random',
    '--no-controls',
    '--json',
  ]);
});
afterAll(() => tmp.cleanup());

describe('cuts run (demo set)', () => {
  it('exits 0 and prints one JSON result with the summary on stdout', () => {
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const out = JSON.parse(lines[0]);
    expect(out.run).toBe(run);
    expect(out.summary.images).toBe(3);
    // progress went to stderr as JSON lines
    const events = result.stderr
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(events.some((e) => e.type === 'progress' && e.task === 'train')).toBe(true);
    expect(events.some((e) => e.type === 'progress' && e.task === 'cluster' && e.done === 3)).toBe(true);
  });

  it('writes config, model, images, masks, recon and every label map', async () => {
    const config = JSON.parse(await readFile(path.join(run, 'config.json'), 'utf8'));
    expect(config.seed).toBe(1);
    expect(config.backend).toBe('wasm');
    expect(config.config.train.epochs).toBe(2);
    expect(config.config.data.imageSize).toBe(64);
    expect(Object.keys(config.versions)).toEqual(expect.arrayContaining(['cuts-ts', 'node', 'tfjs-core']));
    const log = JSON.parse(await readFile(path.join(run, 'model', 'training-log.json'), 'utf8'));
    expect(log.length ?? log.history?.length).toBeGreaterThan(0);
    expect(await readdir(path.join(run, 'model'))).toEqual(expect.arrayContaining(['best', 'last']));
    for (const id of ids) {
      for (const sub of ['images', 'masks', 'recon']) {
        const img = await readRasterImage(path.join(run, sub, `${id}.png`));
        expect([img.height, img.width]).toEqual([64, 64]);
      }
      for (const method of [
        'kmeans',
        'spectral_kmeans',
        'spectral_classes',
        'diffusion_persistent',
        'otsu',
        'random',
      ]) {
        const map = await readRasterImage(path.join(run, 'labels', method, `${id}.png`));
        expect([map.height, map.width, map.channels]).toEqual([64, 64, 1]);
        const native = await readRasterImage(path.join(run, 'labels_native', method, `${id}.png`));
        expect([native.height, native.width]).toEqual([64, 64]); // demo images are generated at model size
      }
      // k = 10 clusters, written (default cluster.connectedRegions) as one id per connected region,
      // alike neighbours merged (cluster.mergeThreshold): at least two regions, each one piece
      const kmeans = await readRasterImage(path.join(run, 'labels', 'kmeans', `${id}.png`));
      expect(new Set(kmeans.data).size).toBeGreaterThanOrEqual(2);
      const map = createLabelMap(64, 64, Int32Array.from(kmeans.data));
      expect(new Set(kmeans.data).size).toBe(new Set(splitConnectedRegions(map).data).size);
    }
  });

  it('writes the diffusion levels coarse → fine with an index', async () => {
    const index = JSON.parse(await readFile(path.join(run, 'labels', 'diffusion_levels', 'index.json'), 'utf8'));
    expect(Object.keys(index).sort()).toEqual(ids);
    for (const id of ids) {
      const levels: number[] = index[id];
      expect(levels.length).toBeGreaterThan(1);
      const counts: number[] = [];
      for (const l of levels) {
        const map = await readRasterImage(path.join(run, 'labels', 'diffusion_levels', id, `${l}.png`));
        counts.push(new Set(map.data).size);
      }
      // coarse → fine: condensation-stack indices decrease and (levels stay nested after
      // the minimum-region cleanup) the number of clusters never decreases
      for (let i = 1; i < levels.length; i++) expect(levels[i]).toBeLessThan(levels[i - 1]);
      for (let i = 1; i < counts.length; i++) expect(counts[i]).toBeGreaterThanOrEqual(counts[i - 1]);
    }
  });

  it('writes metrics.csv, a schema-valid summary.json and report.md that agree', async () => {
    const csv = (await readFile(path.join(run, 'metrics.csv'), 'utf8')).trim().split('\n');
    expect(csv[0]).toBe('image,method,protocol,dice,iou,hd,hd95,ssim,clusters,dice_native,hd_native,hd95_native,units');
    const summary = parseSummary(JSON.parse(await readFile(path.join(run, 'summary.json'), 'utf8')));
    expect(summary.dataset).toBe('demo');
    expect(summary.images).toBe(3);
    expect(summary.seed).toBe(1);
    expect(summary.timings_s.train).toBeGreaterThan(0);
    expect(summary.timings_s.cluster).toBeGreaterThan(0);
    expect(Object.keys(summary.metrics).sort()).toEqual([
      'diffusion_best',
      'diffusion_persistent',
      'kmeans',
      'otsu',
      'random',
      'spectral_classes',
      'spectral_kmeans',
    ]);
    expect(Object.keys(summary.metrics.kmeans)).toEqual(['hint', 'point']);
    expect(Object.keys(summary.metrics.diffusion_best)).toEqual(['oracle']);
    // the summary mean is the mean of the CSV rows
    const rows = csv.slice(1).map((l) => l.split(','));
    const kmeansHint = rows.filter((r) => r[1] === 'kmeans' && r[2] === 'hint').map((r) => Number(r[3]));
    expect(kmeansHint).toHaveLength(3);
    expect(summary.metrics.kmeans.hint!.dice.mean).toBeCloseTo(kmeansHint.reduce((a, b) => a + b, 0) / 3, 10);
    const report = await readFile(path.join(run, 'report.md'), 'utf8');
    expect(report).toMatch(/\| kmeans \| hint \| 3 \|/);
  });

  it('writes a folder that validates against the run-folder contract (@cuts/run-folder), file by file', async () => {
    const folder = await readRunFolder(run); // throws naming the first file that does not validate
    expect(folder.marker.schemaVersion).toBe(RUN_FOLDER_SCHEMA_VERSION);
    expect(folder.marker.writer).toMatch(/^@cuts\/cli \d+\.\d+\.\d+/);
    expect([folder.config!.seed, folder.config!.config.train.epochs, folder.config!.data.demo]).toEqual([1, 2, true]);
    expect(folder.state!.finished).toEqual(
      expect.arrayContaining(['train', 'embed', 'cluster', 'baselines', 'evaluate']),
    );
    // the trainer's own {history, bestEpoch, …} object, two epochs
    const log = folder.trainingLog!;
    expect(log.history.map((e) => e.epoch)).toEqual([1, 2]);
    expect(log.epochsCompleted).toBe(2);
    expect(log.bestEpoch).toBeGreaterThanOrEqual(1);
    expect([...log.split!.train, ...log.split!.validation].sort()).toEqual(ids);
    for (const e of log.history) expect(Number.isFinite(e.trainLoss)).toBe(true);
    // metrics.csv read back equals the rows the summary aggregates
    const csvLines = (await readFile(path.join(run, 'metrics.csv'), 'utf8')).trim().split('\n');
    expect(folder.metrics).toHaveLength(csvLines.length - 1);
    const hint = folder.metrics!.filter((r) => r.method === 'kmeans' && r.protocol === 'hint');
    expect(folder.summary!.metrics.kmeans.hint!.dice.mean).toBeCloseTo(
      hint.reduce((s, r) => s + r.dice, 0) / hint.length,
      12,
    );
    expect(hint.every((r) => r.native?.units === 'px')).toBe(true);
    expect(Object.keys(folder.levelsIndex!).sort()).toEqual(ids);
    for (const id of ids) expect(folder.nativeLevelsIndex![id]).toBe(folder.levelsIndex![id].length);
    // every top-level name is one the contract knows, and every per-image path it names exists
    const top = (await readdir(run)).filter((n) => !n.startsWith('.'));
    expect(top.filter((n) => !RUN_TOP_LEVEL_ENTRIES.includes(n))).toEqual([]);
    const files = ids.flatMap((id) => [
      runPaths.image(id),
      runPaths.mask(id),
      runPaths.recon(id),
      ...['kmeans', 'spectral_kmeans', 'spectral_classes', 'diffusion_persistent', 'otsu', 'random'].map((m) =>
        runPaths.labels(m, id),
      ),
      ...folder.levelsIndex![id].map((l) => runPaths.level(id, l)),
      runPaths.checkpoint('best') + '/model.json',
    ]);
    for (const f of files) await expect(access(path.join(run, f)), f).resolves.toBeUndefined();
  });
});
