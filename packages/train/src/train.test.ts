import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { RecordingReporter, parseConfig, type CutsConfigInput, type DatasetItem } from '@cuts/core';
import { tf } from './backend/tf.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareBackend } from './backend/backend.js';
import { readCheckpoint, disposeLoaded } from './checkpoint/checkpoint.js';
import { embedImage, loadCutsModel } from './inference.js';
import { disposeModel, namedVariables, type CutsModel } from './model/model.js';
import { retinaDir, retinaItems } from './test-utils/retina.js';
import { TrainingDivergedError, trainCuts } from './train.js';

const base: CutsConfigInput = {
  seed: 3,
  train: { epochs: 4, iterationsPerEpoch: 3, batchSize: 2, warmupEpochs: 1, validationFraction: 0.34, workers: 1 },
};

function weightsOf(model: CutsModel): Float32Array[] {
  return namedVariables(model).map((v) => v.variable.dataSync().slice() as Float32Array);
}

async function checkpointTensors(dir: string): Promise<Record<string, Float32Array>> {
  const loaded = await readCheckpoint(dir);
  const out: Record<string, Float32Array> = {};
  for (const [k, t] of Object.entries(loaded.tensors)) out[k] = t.dataSync().slice() as Float32Array;
  disposeLoaded(loaded);
  return out;
}

describe.skipIf(!retinaDir)('trainCuts on real retina images', () => {
  let tmp: string;
  let items: DatasetItem[];
  beforeAll(async () => {
    await prepareBackend('wasm');
    tmp = await mkdtemp(path.join(os.tmpdir(), 'cuts-train-'));
    items = await retinaItems(3);
  });
  afterAll(async () => {
    await rm(tmp, { recursive: true, force: true });
  });

  it('reduces the loss over a few steps on 2 images', async () => {
    const config = parseConfig({
      seed: 1,
      train: { epochs: 12, iterationsPerEpoch: 2, batchSize: 2, warmupEpochs: 0, validationFraction: 0 },
    });
    const res = await trainCuts({ items: items.slice(0, 2), config, checkpointDir: path.join(tmp, 'decrease') });
    const first = (res.history[0].trainLoss + res.history[1].trainLoss) / 2;
    const last = (res.history[10].trainLoss + res.history[11].trainLoss) / 2;
    expect(last).toBeLessThan(0.8 * first);
    expect(res.history.every((h) => h.valLoss === null)).toBe(true);
    disposeModel(res.model);
  });

  it('same seed → same weights bit for bit on 1 thread and on 2 (a worker thread + this one); best/last/log written; the checkpoint reloads to the same embeddings', async () => {
    const config = parseConfig(base);
    const reporter = new RecordingReporter();
    const a = await trainCuts({ items, config, checkpointDir: path.join(tmp, 'a'), reporter });
    const reporterB = new RecordingReporter();
    const b = await trainCuts({
      items,
      config: parseConfig({ ...base, train: { ...base.train, workers: 2 } }),
      checkpointDir: path.join(tmp, 'b'),
      reporter: reporterB,
    });
    expect(reporter.logs.some((l) => l.message.includes('(backend wasm, 1 thread)'))).toBe(true);
    expect(reporterB.logs.some((l) => l.message.includes('(backend wasm, 2 threads)'))).toBe(true);
    expect(a.history).toEqual(b.history);
    expect(a.history.map((h) => h.epoch)).toEqual([1, 2, 3, 4]);
    expect(a.history.every((h) => h.valLoss !== null && Number.isFinite(h.valLoss))).toBe(true);
    const wa = weightsOf(a.model);
    const wb = weightsOf(b.model);
    wa.forEach((w, i) => expect(Buffer.from(w.buffer).equals(Buffer.from(wb[i].buffer))).toBe(true));
    expect(await checkpointTensors(path.join(tmp, 'a', 'last'))).toEqual(
      await checkpointTensors(path.join(tmp, 'b', 'last')),
    );
    // best = the epoch with the lowest validation loss
    const best = a.history.reduce((m, h) => (h.valLoss! < m.valLoss! ? h : m));
    expect(a.bestEpoch).toBe(best.epoch);
    const log = JSON.parse(await readFile(path.join(tmp, 'a', 'training-log.json'), 'utf8'));
    expect(log.history).toEqual(a.history);
    expect(log.split.validation).toHaveLength(1);
    expect(reporter.updates.at(-1)).toMatchObject({ task: 'train', done: 12, total: 12 });
    // reload from disk → identical embeddings
    const loaded = await loadCutsModel(path.join(tmp, 'a'));
    const e1 = embedImage(a.model, items[0].image);
    const e2 = embedImage(loaded, items[0].image);
    expect(e2.data).toEqual(e1.data);
    for (const m of [a.model, b.model, loaded]) disposeModel(m);
  });

  it('an already aborted signal stops before the first step and writes no checkpoint', async () => {
    const dir = path.join(tmp, 'pre-aborted');
    const res = await trainCuts({ items, config: parseConfig(base), checkpointDir: dir, signal: AbortSignal.abort() });
    expect(res.aborted).toBe(true);
    expect(res.history).toHaveLength(0);
    expect(existsSync(path.join(dir, 'last', 'model.json'))).toBe(false);
    disposeModel(res.model);
  });

  it('resume after an interrupted run gives the same weights as an uninterrupted one', async () => {
    const config = parseConfig(base);
    const dir = path.join(tmp, 'resume');
    const controller = new AbortController();
    let steps = 0;
    const reporter = new RecordingReporter();
    reporter.progress = (u) => {
      steps = u.done;
      if (steps === 8) controller.abort(); // mid epoch 3
    };
    const first = await trainCuts({ items, config, checkpointDir: dir, reporter, signal: controller.signal });
    expect(first.aborted).toBe(true);
    expect(first.history).toHaveLength(2);
    const afterAbort = JSON.parse(await readFile(path.join(dir, 'last', 'model.json'), 'utf8'));
    expect(afterAbort.training.epoch).toBe(2);
    disposeModel(first.model);
    const resumed = await trainCuts({ items, config, checkpointDir: dir, resume: true });
    expect(resumed.aborted).toBe(false);
    expect(resumed.history).toHaveLength(4);
    expect(await checkpointTensors(path.join(dir, 'last'))).toEqual(
      await checkpointTensors(path.join(tmp, 'a', 'last')),
    );
    expect(await checkpointTensors(path.join(dir, 'best'))).toEqual(
      await checkpointTensors(path.join(tmp, 'a', 'best')),
    );
    disposeModel(resumed.model);
  });

  it('a NaN loss stops training with a clear message and keeps the last good checkpoint', async () => {
    const dir = path.join(tmp, 'nan');
    // two good epochs first
    const two = parseConfig({ ...base, train: { ...base.train, epochs: 2 } });
    disposeModel((await trainCuts({ items, config: two, checkpointDir: dir })).model);
    const before = await checkpointTensors(path.join(dir, 'last'));
    const broken = items.map((it) => ({
      ...it,
      image: { ...it.image, data: new Float32Array(it.image.data.length).fill(Number.NaN) },
    }));
    const numTensors = tf.memory().numTensors;
    const err = await trainCuts({
      items: broken,
      config: parseConfig({ ...base, train: { ...base.train, epochs: 4 } }),
      checkpointDir: dir,
      resume: true,
    }).catch((e) => e);
    expect(err).toBeInstanceOf(TrainingDivergedError);
    expect(err.message).toMatch(/training diverged at epoch 3, step 1: non-finite training loss \(loss NaN/);
    expect(err.message).toContain(`last good checkpoint (epoch 2) is kept in ${path.join(dir, 'last')}`);
    expect(await checkpointTensors(path.join(dir, 'last'))).toEqual(before);
    expect(existsSync(path.join(dir, 'best', 'model.json'))).toBe(true);
    expect(tf.memory().numTensors).toBe(numTensors);
  });

  it('trains with augmented views (flips, rotations, jitter, noise) as extra positives', async () => {
    const config = parseConfig({
      ...base,
      train: { ...base.train, epochs: 2 },
      augment: { hflip: true, vflip: true, rot90: true, jitter: { enabled: true }, noise: { enabled: true } },
    });
    const res = await trainCuts({ items, config, checkpointDir: path.join(tmp, 'augment') });
    expect(res.history.every((h) => Number.isFinite(h.trainLoss) && Number.isFinite(h.valLoss!))).toBe(true);
    // views change the objective: not the same losses as the run without them
    const plain = await trainCuts({
      items,
      config: parseConfig({ ...base, train: { ...base.train, epochs: 2 } }),
      checkpointDir: path.join(tmp, 'plain'),
    });
    expect(res.history[0].trainLoss).not.toBe(plain.history[0].trainLoss);
    disposeModel(res.model);
    disposeModel(plain.model);
  });

  it('resume without a checkpoint starts a fresh run; a checkpoint of another split is refused, naming the path', async () => {
    const dir = path.join(tmp, 'empty');
    const reporter = new RecordingReporter();
    const config = parseConfig({ ...base, train: { ...base.train, epochs: 1 } });
    const res = await trainCuts({ items, config, checkpointDir: dir, resume: true, reporter });
    expect(res.history).toHaveLength(1);
    expect(reporter.logs.some((l) => /nothing to resume/.test(l.message))).toBe(true);
    disposeModel(res.model);
    const other = parseConfig({ ...base, seed: 99, train: { ...base.train, epochs: 1 } });
    await expect(trainCuts({ items, config: other, checkpointDir: dir, resume: true })).rejects.toThrow(
      /empty[/\\]last: the images or the seed differ/,
    );
  });
});
