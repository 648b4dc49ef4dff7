import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '@cuts/core/browser';
import { summarize } from '@cuts/eval/metrics';
import {
  formatLevelsIndex,
  formatMetricsCsv,
  formatRunConfigFile,
  formatRunState,
  formatSummary,
  RUN_FILES,
  RUN_FOLDER_SCHEMA_VERSION,
  runMarker,
} from './index.js';
import { readRunFolder, readRunMarker } from './node.js';

let dir: string;
const rows = [
  {
    image: 'a',
    method: 'kmeans',
    protocol: 'hint' as const,
    dice: 0.5,
    iou: 1 / 3,
    hd: 3,
    hd95: 2,
    ssim: 0.9,
    clusters: 4,
  },
];
const put = async (rel: string, text: string) => {
  await mkdir(path.dirname(path.join(dir, rel)), { recursive: true });
  await writeFile(path.join(dir, rel), text);
};

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'cuts-run-folder-'));
  await put(RUN_FILES.marker, JSON.stringify(runMarker('test')));
  await put(
    RUN_FILES.config,
    formatRunConfigFile({
      config: defaultConfig,
      seed: 1,
      backend: 'cpu',
      data: { dir: '/d', demo: true },
      versions: {},
      createdAt: new Date(0).toISOString(),
    }),
  );
  await put(
    RUN_FILES.state,
    formatRunState({ version: 1, seconds: { evaluate: 1 }, finished: ['evaluate'], done: {} }),
  );
  await put(RUN_FILES.metrics, formatMetricsCsv(rows));
  await put(RUN_FILES.summary, formatSummary(summarize(rows, { dataset: 'd', backend: 'cpu', seed: 1 })));
  await put(RUN_FILES.levelsIndex, formatLevelsIndex({ a: [2, 0] }));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('readRunFolder', () => {
  it('reads every contract file a folder holds; absent files stay absent', async () => {
    const run = await readRunFolder(dir);
    expect(run.marker).toEqual({ schemaVersion: RUN_FOLDER_SCHEMA_VERSION, writer: 'test' });
    expect(run.config!.backend).toBe('cpu');
    expect(run.state!.finished).toEqual(['evaluate']);
    expect(run.metrics).toEqual(rows);
    expect(run.summary!.metrics.kmeans!.hint!.dice.mean).toBe(0.5);
    expect(run.levelsIndex).toEqual({ a: [2, 0] });
    expect(run.trainingLog).toBeUndefined();
    expect(run.nativeLevelsIndex).toBeUndefined();
  });

  it('names the file that is not valid', async () => {
    await put(RUN_FILES.trainingLog, '[{"epoch": "one", "trainLoss": 1}]');
    await expect(readRunFolder(dir)).rejects.toThrow(
      `${path.join(dir, RUN_FILES.trainingLog)}: entry 0: "epoch" must be a number`,
    );
    await put(RUN_FILES.trainingLog, '{"history": ');
    await expect(readRunFolder(dir)).rejects.toThrow(`${path.join(dir, RUN_FILES.trainingLog)}: invalid JSON`);
    await rm(path.join(dir, RUN_FILES.trainingLog));
  });

  it('refuses a folder from a newer format before reading anything else', async () => {
    await put(RUN_FILES.marker, JSON.stringify({ schemaVersion: RUN_FOLDER_SCHEMA_VERSION + 1 }));
    await put(RUN_FILES.state, 'not json');
    await expect(readRunFolder(dir)).rejects.toThrow(
      `${path.join(dir, RUN_FILES.marker)}: this run folder was written in run-folder format ${RUN_FOLDER_SCHEMA_VERSION + 1}`,
    );
    await rm(path.join(dir, RUN_FILES.marker));
    expect(await readRunMarker(dir)).toEqual({ schemaVersion: 1 });
  });
});
