/**
 * Data-parallel training and parallel embedding on worker threads (the built
 * worker script; turbo builds before tests), checked against the same
 * arithmetic done here by hand on the main thread: each shard's gradients
 * (BatchNorm statistics restored between shards), averaged by image counts,
 * one AdamW update, BatchNorm running statistics averaged.
 */
import { Rng, parseConfig } from '@cuts/core';
import { tf } from '../backend/tf.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareBackend } from '../backend/backend.js';
import { embedImage, reconstructImage } from '../inference.js';
import { createCutsModel, disposeModel, namedVariables, type CutsModel } from '../model/model.js';
import { AdamW } from '../optim/adamw.js';
import { batchLoss, sampleWindowBatch, uploadBatch } from '../step.js';
import { retinaDir, retinaItems } from '../test-utils/retina.js';
import { ParallelPool, trainWorkerScript } from './pool.js';
import { shardSizes, splitWindowBatch } from './shard.js';

const config = parseConfig({ sampler: { anchorsPerImage: 4 }, backend: 'wasm' });

const weightsOf = (m: CutsModel) => namedVariables(m).map((v) => Float32Array.from(v.variable.dataSync()));
const newModel = () => createCutsModel(3, config.model, new Rng(7));
const newOptimizer = (m: CutsModel) =>
  new AdamW(
    namedVariables(m)
      .filter((v) => v.trainable)
      .map((v) => v.variable),
    { weightDecay: 1e-4 },
  );

describe('splitWindowBatch', () => {
  it('shards by images: sizes as even as possible, slices that concatenate to the batch', async () => {
    expect(shardSizes(5, 2)).toEqual([3, 2]);
    expect(shardSizes(2, 4)).toEqual([1, 1]);
    expect(shardSizes(16, 2)).toEqual([8, 8]);
    if (!retinaDir) return;
    const images = (await retinaItems(5)).map((it) => it.image);
    const batch = sampleWindowBatch(images, config, new Rng(3));
    const shards = splitWindowBatch(batch, 2);
    expect(shards.map((s) => s.images)).toEqual([3, 2]);
    expect(shards.map((s) => s.count)).toEqual([3 * batch.rowsPerImage, 2 * batch.rowsPerImage]);
    const cat = (xs: Float32Array[]) => Float32Array.from(xs.flatMap((x) => Array.from(x)));
    expect(cat(shards.map((s) => s.windows))).toEqual(batch.windows);
    expect(cat(shards.map((s) => s.targets))).toEqual(batch.targets);
  });

  it('each shard keeps the near-duplicate pairs of its own images', () => {
    const r = 2;
    const batch = {
      windows: new Float32Array(3 * r),
      count: 3 * r,
      side: 1,
      channels: 1,
      images: 3,
      rowsPerImage: r,
      groups: Int32Array.from([0, 0]),
      targets: new Float32Array(3),
      duplicates: Uint8Array.from({ length: 3 * r * r }, (_, i) => i),
    };
    const shards = splitWindowBatch(batch, 2);
    expect(shards.map((s) => Array.from(s.duplicates!))).toEqual([
      [0, 1, 2, 3, 4, 5, 6, 7],
      [8, 9, 10, 11],
    ]);
    expect(splitWindowBatch({ ...batch, duplicates: undefined }, 2)[1].duplicates).toBeUndefined();
  });
});

describe.skipIf(!retinaDir || !trainWorkerScript())('ParallelPool on worker threads', () => {
  let pool: ParallelPool;
  beforeAll(async () => {
    await prepareBackend('wasm');
    const m = newModel();
    pool = (await ParallelPool.start(m, 2, 'wasm'))!;
    disposeModel(m);
  });
  afterAll(() => pool?.close());

  it("one step equals the shards' gradients averaged by hand, with BatchNorm statistics averaged", async () => {
    const images = (await retinaItems(5)).map((it) => it.image);
    // with near-duplicate pairs, so that the workers receive and use them too
    const dupConfig = parseConfig({ sampler: { anchorsPerImage: 4, duplicateMse: 0.02 }, backend: 'wasm' });
    const batch = sampleWindowBatch(images, dupConfig, new Rng(11));
    expect(batch.duplicates?.some((v) => v)).toBe(true);

    const parallel = newModel();
    const optP = newOptimizer(parallel);
    const losses = await pool.step(parallel, optP, batch, config.train, 1e-3);

    // By hand, on this thread.
    const manual = newModel();
    const optM = newOptimizer(manual);
    const vars = namedVariables(manual);
    const trainable = vars.filter((v) => v.trainable);
    const stats = vars.filter((v) => !v.trainable);
    const start = stats.map((v) => Float32Array.from(v.variable.dataSync()));
    const shards = splitWindowBatch(batch, 2);
    const w = shards.map((s) => s.images / batch.images);
    const gradSum = trainable.map((v) => new Float64Array(v.variable.size));
    const statSum = stats.map((v) => new Float64Array(v.variable.size));
    let lossSum = 0;
    shards.forEach((shard, i) => {
      stats.forEach((v, j) => v.variable.assign(tf.tensor(start[j], v.variable.shape)));
      const prepared = uploadBatch(shard, config.model.patchSize);
      const { value, grads } = tf.variableGrads(
        () => batchLoss(manual, prepared, config.train, 'train').total,
        trainable.map((v) => v.variable),
      );
      lossSum += w[i] * value.dataSync()[0];
      trainable.forEach((v, j) => grads[v.variable.name].dataSync().forEach((g, k) => (gradSum[j][k] += w[i] * g)));
      stats.forEach((v, j) => v.variable.dataSync().forEach((s, k) => (statSum[j][k] += w[i] * s)));
      tf.dispose([value, ...Object.values(grads)]);
      prepared.dispose();
    });
    const gradTensors = gradSum.map((g, j) => tf.tensor(Float32Array.from(g), trainable[j].variable.shape));
    optM.apply(gradTensors, 1e-3);
    tf.dispose(gradTensors);
    stats.forEach((v, j) => v.variable.assign(tf.tensor(Float32Array.from(statSum[j]), v.variable.shape)));

    expect(losses.loss).toBeCloseTo(lossSum, 6);
    const [got, want] = [weightsOf(parallel), weightsOf(manual)];
    const before = weightsOf(newModel());
    let moved = 0;
    got.forEach((g, j) => {
      for (let k = 0; k < g.length; k++) {
        expect(Math.abs(g[k] - want[j][k]), `${vars[j].name}[${k}]`).toBeLessThan(1e-6 + 1e-5 * Math.abs(want[j][k]));
        if (g[k] !== before[j][k]) moved++;
      }
    });
    expect(moved).toBeGreaterThan(1000); // the update did something
    [parallel, manual].forEach(disposeModel);
    optP.dispose();
    optM.dispose();
  });

  it('is deterministic, and leaves no tensor behind on the main thread', async () => {
    const images = (await retinaItems(6)).map((it) => it.image);
    const run = async () => {
      const m = newModel();
      const opt = newOptimizer(m);
      const rng = new Rng(5);
      // AdamW creates its moment tensors at the first step; nothing grows after it.
      await pool.step(m, opt, sampleWindowBatch(images.slice(0, 3), config, rng), config.train, 1e-3);
      const afterFirst = tf.memory().numTensors;
      for (let s = 1; s < 3; s++)
        await pool.step(m, opt, sampleWindowBatch(images.slice(s, s + 3), config, rng), config.train, 1e-3);
      expect(tf.memory().numTensors).toBe(afterFirst);
      const w = weightsOf(m);
      disposeModel(m);
      opt.dispose();
      return w;
    };
    const [a, b] = [await run(), await run()];
    a.forEach((x, j) => expect(Buffer.compare(Buffer.from(x.buffer), Buffer.from(b[j].buffer))).toBe(0));
  });

  it('embeds and reconstructs on the workers exactly as on this thread', async () => {
    const images = (await retinaItems(3)).map((it) => it.image);
    const m = newModel();
    pool.setWeights(m);
    const before = tf.memory().numTensors;
    const out = await pool.embed(images, true);
    expect(tf.memory().numTensors).toBe(before);
    images.forEach((im, i) => {
      const same = (a: Float32Array, b: Float32Array) =>
        a.length === b.length &&
        Buffer.compare(
          Buffer.from(a.buffer, a.byteOffset, a.byteLength),
          Buffer.from(b.buffer, b.byteOffset, b.byteLength),
        ) === 0;
      expect(same(out[i].embedding.data, embedImage(m, im).data)).toBe(true);
      expect(same(out[i].reconstruction!.data, reconstructImage(m, im).data)).toBe(true);
    });
    disposeModel(m);
  });
});
