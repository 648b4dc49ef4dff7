/**
 * Sharded steps: the combination by hand, one shard = the plain step, and the
 * same step bit for bit whether the shards run on this thread or on workers.
 */
import { Rng, parseConfig } from '@cuts/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareBackend } from '../backend/backend.js';
import { tf } from '../backend/tf.js';
import { createCutsModel, disposeModel, namedVariables, type CutsModel } from '../model/model.js';
import { AdamW } from '../optim/adamw.js';
import { evaluateBatch, sampleWindowBatch, trainStep, uploadBatch } from '../step.js';
import { retinaDir, retinaItems } from '../test-utils/retina.js';
import { ParallelPool, trainWorkerScript } from './pool.js';
import { combineShards, localShardedEvaluate, localShardedStep, type ShardResult } from './sharded-step.js';

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
const sameBits = (a: Float32Array[], b: Float32Array[]) =>
  a.length === b.length && a.every((x, j) => Buffer.from(x.buffer).equals(Buffer.from(b[j].buffer)));

describe('combineShards', () => {
  const shard = (loss: number, g: number[], s: number[]): ShardResult => ({
    loss,
    contrastive: 2 * loss,
    reconstruction: 3 * loss,
    grads: [Float32Array.from(g)],
    state: [Float32Array.from(s)],
  });

  it('weights each shard by its images (worked by hand)', () => {
    // 3 images and 1 image: weights 3/4 and 1/4
    const c = combineShards([shard(1, [4, 8], [0]), shard(5, [0, -8], [4])], [3, 1]);
    expect(c.loss).toBe(2); // 0.75·1 + 0.25·5
    expect(c.contrastive).toBe(4);
    expect(c.reconstruction).toBe(6);
    expect(Array.from(c.grads[0])).toEqual([3, 4]); // 0.75·4, 0.75·8 − 0.25·8
    expect(Array.from(c.state[0])).toEqual([1]);
  });

  it('returns a single shard as it is and refuses mismatched counts', () => {
    const one = shard(1, [0.1], [0.2]);
    expect(combineShards([one], [7])).toBe(one);
    expect(() => combineShards([one], [1, 2])).toThrow(RangeError);
  });
});

describe.skipIf(!retinaDir)('sharded steps on real retina windows', () => {
  beforeAll(() => prepareBackend('wasm'));

  it('one shard equals trainStep bit for bit (weights and BatchNorm statistics)', async () => {
    const images = (await retinaItems(3)).map((it) => it.image);
    const run = (sharded: boolean) => {
      const m = newModel();
      const opt = newOptimizer(m);
      const rng = new Rng(9);
      for (let s = 0; s < 2; s++) {
        const batch = sampleWindowBatch(images, config, rng);
        if (sharded) localShardedStep(m, opt, batch, config.train, 1e-3, 1);
        else {
          const prepared = uploadBatch(batch, config.model.patchSize);
          trainStep(m, opt, prepared, config.train, 1e-3);
          prepared.dispose();
        }
      }
      const w = weightsOf(m);
      disposeModel(m);
      opt.dispose();
      return w;
    };
    expect(sameBits(run(true), run(false))).toBe(true);
  });

  it('two shards differ from one (each shard has its own BatchNorm statistics) and free every tensor', async () => {
    const images = (await retinaItems(4)).map((it) => it.image);
    const run = (shards: number) => {
      const m = newModel();
      const opt = newOptimizer(m);
      const rng = new Rng(4);
      localShardedStep(m, opt, sampleWindowBatch(images, config, rng), config.train, 1e-3, shards);
      const after = tf.memory().numTensors; // AdamW's moments exist from the first step on
      localShardedStep(m, opt, sampleWindowBatch(images, config, rng), config.train, 1e-3, shards);
      expect(tf.memory().numTensors).toBe(after);
      const w = weightsOf(m);
      disposeModel(m);
      opt.dispose();
      return w;
    };
    expect(sameBits(run(2), run(1))).toBe(false);
  });
});

describe.skipIf(!retinaDir || !trainWorkerScript())('the same sharded step on worker threads', () => {
  let pool: ParallelPool;
  beforeAll(async () => {
    await prepareBackend('wasm');
    const m = newModel();
    pool = (await ParallelPool.start(m, 2, 'wasm'))!;
    disposeModel(m);
  });
  afterAll(() => pool?.close());

  for (const shards of [2, 3, 5])
    it(`${shards} shards: workers (with and without this thread as a lane) = this thread alone, bit for bit`, async () => {
      const images = (await retinaItems(5)).map((it) => it.image);
      const run = async (mode: 'local' | 'workers' | 'workers+main') => {
        const m = newModel();
        const opt = newOptimizer(m);
        const rng = new Rng(21);
        for (let s = 0; s < 2; s++) {
          const batch = sampleWindowBatch(images, config, rng);
          if (mode === 'local') localShardedStep(m, opt, batch, config.train, 1e-3, shards);
          else await pool.step(m, opt, batch, config.train, 1e-3, shards, mode === 'workers+main');
        }
        const w = weightsOf(m);
        disposeModel(m);
        opt.dispose();
        return w;
      };
      const local = await run('local');
      expect(sameBits(await run('workers'), local)).toBe(true);
      expect(sameBits(await run('workers+main'), local)).toBe(true);
    });

  it('validation: shards on workers = this thread alone, bit for bit; = the unsharded loss up to rounding', async () => {
    const images = (await retinaItems(5)).map((it) => it.image);
    const m = newModel();
    const opt = newOptimizer(m);
    const rng = new Rng(4);
    // a trained step first, so the running statistics are not the initial ones
    localShardedStep(m, opt, sampleWindowBatch(images, config, rng), config.train, 1e-3, 2);
    const batches = [
      sampleWindowBatch(images.slice(0, 3), config, rng),
      sampleWindowBatch(images.slice(3), config, rng),
    ];
    const local = localShardedEvaluate(m, batches, config.train, 2);
    for (const withMain of [false, true]) {
      const remote = await pool.evaluate(m, batches, config.train, 2, withMain);
      expect(remote).toEqual(local);
    }
    // the whole set in one inference-mode pass, image-weighted as trainCuts did before sharding
    const whole = batches.map((b) => {
      const prepared = uploadBatch(b, config.model.patchSize);
      const v = evaluateBatch(m, prepared, config.train);
      prepared.dispose();
      return v.loss * b.images;
    });
    const expected = (whole[0] + whole[1]) / 5;
    expect(Math.abs(local.loss - expected)).toBeLessThan(1e-6 * Math.abs(expected));
    expect(local.loss).toBeGreaterThan(0);
    const before = tf.memory().numTensors;
    localShardedEvaluate(m, batches, config.train, 3);
    expect(tf.memory().numTensors).toBe(before);
    disposeModel(m);
    opt.dispose();
  });
});
