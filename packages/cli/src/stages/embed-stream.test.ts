/**
 * Embedding on worker threads (`train.workers`) writes exactly what one thread
 * writes: the same embeddings (.npy) and reconstructions (PNG), byte for byte.
 */
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Rng, RecordingReporter, createImage, parseConfig, type DatasetItem } from '@cuts/core';
import { createCutsModel, disposeModel, prepareBackend, type CutsModel } from '@cuts/train';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RunDir } from '../run-dir.js';
import { runEmbedStage } from './embed.js';
import { startEmbedPool } from './embed-stream.js';

function syntheticItems(n: number): DatasetItem[] {
  const rng = new Rng(5);
  return Array.from({ length: n }, (_, i) => {
    const data = new Float32Array(24 * 24);
    for (let k = 0; k < data.length; k++) data[k] = 2 * rng.next() - 1;
    return {
      id: `img-${i}`,
      imagePath: `img-${i}.png`,
      image: createImage(24, 24, 1, data),
      resize: { originalHeight: 24, originalWidth: 24, resizedHeight: 24, resizedWidth: 24, padTop: 0, padLeft: 0 },
    };
  });
}

describe('embedding on worker threads', () => {
  let tmp: string;
  let model: CutsModel;
  const items = syntheticItems(5);
  beforeAll(async () => {
    await prepareBackend('wasm');
    tmp = await mkdtemp(path.join(os.tmpdir(), 'cuts-embed-'));
    model = createCutsModel(1, parseConfig({}).model, new Rng(3));
  });
  afterAll(async () => {
    disposeModel(model);
    await rm(tmp, { recursive: true, force: true });
  });

  it('starts one worker per requested thread, none for one thread or one image', async () => {
    const pool = await startEmbedPool(model, 2, 5);
    expect(pool?.size).toBe(2);
    await pool?.close();
    expect(await startEmbedPool(model, 1, 5)).toBeUndefined();
    expect(await startEmbedPool(model, 2, 1)).toBeUndefined();
  });

  it('2 workers write the same embeddings and reconstructions as this thread, byte for byte', async () => {
    const run = async (workers: number) => {
      const runDir = new RunDir(path.join(tmp, `w${workers}`));
      await mkdir(path.dirname(runDir.recon('x')), { recursive: true });
      await mkdir(path.dirname(runDir.embedding('x')), { recursive: true });
      const reporter = new RecordingReporter();
      const out = await runEmbedStage(runDir, model, items, reporter, { keep: true, workers });
      expect(reporter.updates.at(0)).toMatchObject({ task: 'embed', done: 0, total: 5 });
      expect(reporter.updates.at(-1)).toMatchObject({ task: 'embed', done: 5, total: 5 });
      return { runDir, out };
    };
    const one = await run(1);
    const two = await run(2);
    expect([...two.out.keys()]).toEqual(items.map((it) => it.id));
    for (const it of items) {
      const a = one.out.get(it.id)!;
      const b = two.out.get(it.id)!;
      expect(Buffer.from(b.data.buffer).equals(Buffer.from(a.data.buffer))).toBe(true);
      for (const file of [(d: RunDir) => d.embedding(it.id), (d: RunDir) => d.recon(it.id)])
        expect((await readFile(file(two.runDir))).equals(await readFile(file(one.runDir)))).toBe(true);
    }
  });
});
