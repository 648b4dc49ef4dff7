/**
 * Each stage alone on the previous stage's files (train → embed → cluster →
 * evaluate), `segment` with that model on new images, and `baseline`.
 */
import { existsSync } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readNpy } from '@cuts/data';
import { parseSummary } from '@cuts/eval';
import { makeTempDir, runCli, writeFastConfig } from './test-utils/cli.js';

let tmp: Awaited<ReturnType<typeof makeTempDir>>;
let cfg: string;
let run: string;
beforeAll(async () => {
  tmp = await makeTempDir();
  cfg = await writeFastConfig(tmp.dir);
  run = path.join(tmp.dir, 'run');
});
afterAll(() => tmp.cleanup());

const ok = async (args: string[]) => {
  const r = await runCli([...args, '--quiet']);
  expect(r.code, `${args.join(' ')}\n${r.stderr}`).toBe(0);
  return r;
};

describe('single-stage commands', () => {
  it('train, then embed, cluster and evaluate one after another', async () => {
    await ok(['train', '--out', run, '--epochs', '2', '--config', cfg]);
    expect(existsSync(path.join(run, 'model', 'best', 'model.json'))).toBe(true);
    expect(existsSync(path.join(run, 'labels'))).toBe(false);

    await ok(['embed', '--run', run]);
    const ids = (await readdir(path.join(run, 'images'))).map((f) => f.replace(/\.png$/, '')).sort();
    expect(ids.length).toBe(12); // the default demo set
    const z = await readNpy(path.join(run, 'embeddings', `${ids[0]}.npy`));
    expect(z.shape).toEqual([64 * 64, 128]);
    expect(z.dtype).toBe('float32');

    await ok(['cluster', '--run', run, '--methods', 'kmeans']);
    expect((await readdir(path.join(run, 'labels', 'kmeans'))).length).toBe(12);
    expect(existsSync(path.join(run, 'labels', 'spectral_kmeans'))).toBe(false);

    await ok(['evaluate', '--run', run]);
    const summary = parseSummary(JSON.parse(await readFile(path.join(run, 'summary.json'), 'utf8')));
    expect(Object.keys(summary.metrics)).toEqual(['kmeans']);
    expect(summary.metrics.kmeans.hint!.n).toBe(12);
    expect(summary.timings_s.train).toBeGreaterThan(0);
    expect(summary.timings_s.embed).toBeGreaterThan(0);
  });

  it('segment applies the trained model to other images without training', async () => {
    const data = path.join(tmp.dir, 'other');
    await ok(['demo', '--out', data, '--count', '2', '--seed', '9']);
    const out = path.join(tmp.dir, 'seg');
    await ok([
      'segment',
      '--model',
      run,
      '--data',
      data,
      '--out',
      out,
      '--methods',
      'kmeans,spectral_kmeans',
      '--no-controls',
    ]);
    expect(existsSync(path.join(out, 'model'))).toBe(false);
    const config = JSON.parse(await readFile(path.join(out, 'config.json'), 'utf8'));
    expect(config.config.data.imageSize).toBe(64); // the trained run's settings are the base
    const summary = parseSummary(JSON.parse(await readFile(path.join(out, 'summary.json'), 'utf8')));
    expect(summary.images).toBe(2);
    expect(Object.keys(summary.metrics).sort()).toEqual(['kmeans', 'spectral_classes', 'spectral_kmeans']);
  });

  it('baseline writes label maps and scores them', async () => {
    const out = path.join(tmp.dir, 'base');
    await ok(['baseline', '--method', 'otsu,slic', '--out', out, '--config', cfg]);
    const summary = parseSummary(JSON.parse(await readFile(path.join(out, 'summary.json'), 'utf8')));
    expect(Object.keys(summary.metrics).sort()).toEqual(['otsu', 'slic']);
    expect((await readdir(path.join(out, 'labels', 'slic'))).length).toBe(12);
  });
});
