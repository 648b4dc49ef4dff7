import { Rng, createImage, parseConfig, type Image } from '@cuts/core';
import { tf } from '../backend/tf.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { prepareBackend } from '../backend/backend.js';
import { embedImage } from '../inference.js';
import { AdamW } from '../optim/adamw.js';
import { evaluateBatch, prepareBatch, trainStep } from '../step.js';
import { retinaDir, retinaItems } from '../test-utils/retina.js';
import { replicatePad } from './encoder.js';
import { embeddingsAt, encodeFullImages, pixelSelection } from './full-image.js';
import { createCutsModel, disposeModel, namedVariables } from './model.js';

/** The top-left `side`² crop of an image (small inputs keep full-image steps cheap). */
function crop(image: Image, side: number): Image {
  const c = image.channels;
  const data = new Float32Array(side * side * c);
  for (let y = 0; y < side; y++)
    data.set(image.data.subarray(y * image.width * c, (y * image.width + side) * c), y * side * c);
  return createImage(side, side, c, data);
}

describe.skipIf(!retinaDir)('full-image training path (train.inputs: full)', () => {
  beforeAll(async () => {
    await prepareBackend('wasm');
  });

  it('replicate padding is differentiable: d/dx Σ w·pad(x) sums w over every copy of a pixel (by hand)', () => {
    const r = new Rng(3);
    const [n, h, w, c, p] = [2, 4, 5, 3, 2];
    const x = tf.tensor4d(
      Float32Array.from({ length: n * h * w * c }, () => r.normal()),
      [n, h, w, c],
    );
    const weights = Float32Array.from({ length: n * (h + 2 * p) * (w + 2 * p) * c }, () => r.normal());
    const wt = tf.tensor4d(weights, [n, h + 2 * p, w + 2 * p, c]);
    const g = tf.grad((t) => tf.sum(tf.mul(replicatePad(t as tf.Tensor4D, p), wt)))(x);
    const got = g.dataSync();
    const expected = new Float64Array(n * h * w * c);
    const W = w + 2 * p;
    for (let b = 0; b < n; b++) {
      for (let yy = 0; yy < h + 2 * p; yy++) {
        for (let xx = 0; xx < W; xx++) {
          const sy = Math.min(h - 1, Math.max(0, yy - p));
          const sx = Math.min(w - 1, Math.max(0, xx - p));
          for (let k = 0; k < c; k++)
            expected[((b * h + sy) * w + sx) * c + k] += weights[((b * (h + 2 * p) + yy) * W + xx) * c + k];
        }
      }
    }
    expected.forEach((v, i) => expect(got[i]).toBeCloseTo(v, 4));
    // the corner pixel collects (p+1)² copies, an interior one exactly one
    tf.dispose([x, wt, g]);
  });

  it('inference-mode full-image z at any pixel (borders included) equals embedImage, ≤ 1e-4', async () => {
    const [a, b] = (await retinaItems(2)).map((i) => crop(i.image, 40));
    const config = parseConfig({});
    const model = createCutsModel(3, config.model, new Rng(11));
    const r = new Rng(12);
    for (const blk of model.blocks) {
      const c = blk.gamma.shape[0];
      blk.movingMean.assign(tf.tensor1d(Array.from({ length: c }, () => r.uniform(-0.2, 0.2))));
      blk.movingVariance.assign(tf.tensor1d(Array.from({ length: c }, () => r.uniform(0.05, 0.5))));
    }
    const pixels = Int32Array.from([
      0,
      39,
      40 * 39,
      40 * 40 - 1,
      20 * 40 + 20,
      3 * 40 + 37,
      0,
      7,
      12 * 40 + 5,
      40 * 40 - 1,
    ]);
    const rows = 5;
    const z = tf.tidy(() => {
      const images = tf.tensor4d([...a.data, ...b.data], [2, 40, 40, 3]);
      const selection = tf.tensor3d(pixelSelection(pixels, 2, rows, 1600), [2, rows, 1600]);
      return embeddingsAt(model, encodeFullImages(model, images, 'inference'), selection);
    });
    const got = z.dataSync();
    const full = [embedImage(model, a), embedImage(model, b)];
    for (let row = 0; row < pixels.length; row++) {
      const img = Math.floor(row / rows);
      const ref = full[img].data.subarray(pixels[row] * 128, (pixels[row] + 1) * 128);
      for (let d = 0; d < 128; d++) expect(Math.abs(got[row * 128 + d] - ref[d])).toBeLessThanOrEqual(1e-4);
    }
    z.dispose();
    disposeModel(model);
  });

  it('train-mode BatchNorm takes its statistics over every pixel of the batch', async () => {
    const images = (await retinaItems(2)).map((i) => crop(i.image, 24));
    const config = parseConfig({ model: { batchNormMomentum: 1 } });
    const model = createCutsModel(3, config.model, new Rng(2));
    tf.tidy(() => {
      encodeFullImages(model, tf.tensor4d([...images[0].data, ...images[1].data], [2, 24, 24, 3]), 'train');
    });
    // momentum 1: the running mean is the batch mean of the first conv's output over 2·24·24 pixels
    const b0 = model.blocks[0];
    const expected = tf.tidy(() => {
      const x = replicatePad(tf.tensor4d([...images[0].data, ...images[1].data], [2, 24, 24, 3]), 2);
      return tf.mean(tf.add(tf.conv2d(x, b0.kernel as tf.Tensor4D, 1, 'valid'), b0.bias), [0, 1, 2]);
    });
    const got = b0.movingMean.dataSync();
    expected.dataSync().forEach((v, i) => expect(got[i]).toBeCloseTo(v, 5));
    expected.dispose();
    disposeModel(model);
  });

  it('full-image steps reduce the validation loss, are deterministic and leak no tensors', async () => {
    const images = (await retinaItems(2)).map((i) => crop(i.image, 32));
    const config = parseConfig({ sampler: { anchorsPerImage: 4 }, train: { inputs: 'full' } });
    const run = (): { first: number; last: number; weights: Float32Array; leaked: number } => {
      const model = createCutsModel(3, config.model, new Rng(5));
      const opt = new AdamW(
        namedVariables(model)
          .filter((v) => v.trainable)
          .map((v) => v.variable),
        { weightDecay: 1e-4 },
      );
      const valBatch = prepareBatch(images, config, new Rng(1));
      const rng = new Rng(9);
      const step = (): void => {
        const b = prepareBatch(images, config, rng);
        trainStep(model, opt, b, config.train, 3e-3);
        b.dispose();
      };
      step();
      const first = evaluateBatch(model, valBatch, config.train).loss;
      const before = tf.memory().numTensors;
      for (let i = 0; i < 12; i++) step();
      const leaked = tf.memory().numTensors - before;
      const last = evaluateBatch(model, valBatch, config.train).loss;
      const weights = model.blocks[0].kernel.dataSync().slice() as Float32Array;
      valBatch.dispose();
      opt.dispose();
      disposeModel(model);
      return { first, last, weights, leaked };
    };
    const one = run();
    const two = run();
    expect(one.leaked).toBe(0);
    expect(one.last).toBeLessThan(one.first);
    expect(two.weights).toEqual(one.weights);
  });

  it('refuses patch augmentations and mixed image sizes with a clear message', async () => {
    const [a, b] = (await retinaItems(2)).map((i) => i.image);
    const config = parseConfig({ train: { inputs: 'full' } });
    const flip = { name: 'hflip', kind: 'geometric' as const, apply: () => undefined };
    expect(() => prepareBatch([a, b], config, new Rng(1), [flip])).toThrow(/no patch augmentations/);
    expect(() => prepareBatch([a, crop(b, 64)], config, new Rng(1))).toThrow(/images of one size/);
  });
});
