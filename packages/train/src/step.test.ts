import { Rng, parseConfig } from '@cuts/core';
import { tf } from './backend/tf.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { prepareBackend } from './backend/backend.js';
import { batchNormTraining } from './model/encoder.js';
import { createCutsModel, disposeModel, namedVariables } from './model/model.js';
import { AdamW } from './optim/adamw.js';
import { batchLoss, sampleWindowBatch, trainStep, uploadBatch } from './step.js';
import { retinaDir, retinaItems } from './test-utils/retina.js';

const config = parseConfig({ sampler: { anchorsPerImage: 4 } });

describe.skipIf(!retinaDir)('training step on retina windows', () => {
  beforeAll(async () => {
    await prepareBackend('wasm');
  });

  it('training-mode BatchNorm: gradients w.r.t. input, γ and β agree with finite differences', () => {
    const r = new Rng(21);
    const shape = [6, 3, 3, 4];
    const yData = Float32Array.from({ length: 216 }, () => r.normal(0.3, 1.5));
    const readout = tf.tensor(
      Float32Array.from({ length: 216 }, () => r.normal()),
      shape,
    );
    const gamma0 = Float32Array.from([1.2, 0.7, 1, 0.4]);
    const beta0 = Float32Array.from([0.1, -0.2, 0, 0.3]);
    const f = (y: tf.Tensor, g: tf.Tensor, b: tf.Tensor): tf.Scalar =>
      tf.sum(tf.mul(tf.square(batchNormTraining(y, g, b, 1e-5).normed), readout)) as tf.Scalar;
    const args = [tf.tensor(yData, shape), tf.tensor(gamma0), tf.tensor(beta0)];
    const grads = tf
      .grads((y: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => f(y, g, b))(args)
      .map((t) => t.dataSync() as Float32Array);
    const base = [yData, gamma0, beta0];
    const h = 1e-2;
    for (const [which, index] of [
      [0, 0],
      [0, 17],
      [0, 100],
      [0, 215],
      [1, 1],
      [1, 3],
      [2, 0],
      [2, 2],
    ] as const) {
      const eval_ = (delta: number): number => {
        const vals = base.map((a, k) => (k === which ? a.map((v, i) => (i === index ? v + delta : v)) : a));
        return tf.tidy(() => f(tf.tensor(vals[0], shape), tf.tensor(vals[1]), tf.tensor(vals[2])).dataSync()[0]);
      };
      const fd = (eval_(h) - eval_(-h)) / (2 * h);
      expect(
        Math.abs(fd - grads[which][index]),
        `arg ${which}[${index}] fd ${fd} vs ${grads[which][index]}`,
      ).toBeLessThan(2e-3 * Math.max(1, Math.abs(fd)));
    }
    tf.dispose([...args, readout]);
  });

  it('the whole loss gradient (encoder + head, inference-mode BatchNorm) agrees with finite differences', async () => {
    // A small network: float32 finite differences are too noisy on 270k weights, and
    // through train-mode BatchNorm (tested on its own above). Moving statistics are
    // made non-trivial so the inference-mode normalisation is exercised.
    const small = parseConfig({
      sampler: { anchorsPerImage: 4, ssimWindow: 3 },
      model: { channels: [6, 8, 10, 12], kernelSize: 3, patchSize: 3 },
    });
    const items = await retinaItems(2);
    const model = createCutsModel(3, small.model, new Rng(5));
    for (const b of model.blocks) {
      b.movingVariance.assign(tf.fill(b.movingVariance.shape, 0.3));
      b.movingMean.assign(tf.fill(b.movingMean.shape, 0.05));
    }
    const rng = new Rng(6);
    const batch = uploadBatch(
      sampleWindowBatch(
        items.map((i) => i.image),
        small,
        rng,
      ),
      3,
    );
    const train = { ...config.train, lambda: 0.5, temperature: 0.5 };
    const vars = namedVariables(model).filter((v) => v.trainable);
    const lossValue = (): number => tf.tidy(() => batchLoss(model, batch, train, 'inference').total.dataSync()[0]);
    const { grads } = tf.variableGrads(
      () => batchLoss(model, batch, train, 'inference').total,
      vars.map((v) => v.variable),
    );
    // directional derivatives: for each variable a random ±1 direction d, (L(w+hd) − L(w−hd))/2h vs Σ g·d
    const dirRng = new Rng(12);
    for (const name of [
      'encoder/conv0/kernel',
      'encoder/bn2/gamma',
      'encoder/conv2/kernel',
      'encoder/conv3/kernel',
      'encoder/bn1/gamma',
      'encoder/bn3/beta',
      'head/dense1/kernel',
      'head/dense1/bias',
    ]) {
      const v = vars.find((x) => x.name === name)!.variable;
      const g = grads[v.name].dataSync() as Float32Array;
      const original = v.dataSync().slice();
      const d = Float32Array.from(original, () => (dirRng.next() < 0.5 ? -1 : 1));
      const analytic = g.reduce((acc, gi, i) => acc + gi * d[i], 0);
      const h = Math.min(3e-4, 3e-3 / Math.sqrt(d.length));
      const at = (delta: number): number => {
        v.assign(
          tf.tensor(
            original.map((w, i) => w + delta * d[i]),
            v.shape,
          ),
        );
        return lossValue();
      };
      const fd = (at(h) - at(-h)) / (2 * h);
      v.assign(tf.tensor(original, v.shape));
      if (process.env.SHOW_FD) console.log(name, fd, analytic);
      expect(Math.abs(analytic), name).toBeGreaterThan(1e-3);
      expect(Math.abs(fd - analytic), `${name}: fd ${fd} vs analytic ${analytic}`).toBeLessThanOrEqual(
        0.05 * Math.abs(analytic) + 1e-3,
      );
    }
    tf.dispose(Object.values(grads));
    batch.dispose();
    disposeModel(model);
  });

  it('50 steps keep tf.memory().numTensors unchanged', async () => {
    const items = await retinaItems(2);
    const model = createCutsModel(3, config.model, new Rng(5));
    const opt = new AdamW(
      namedVariables(model)
        .filter((v) => v.trainable)
        .map((v) => v.variable),
      { weightDecay: 1e-4 },
    );
    const rng = new Rng(9);
    const images = items.map((i) => i.image);
    const one = () => {
      const b = uploadBatch(sampleWindowBatch(images, config, rng), 5);
      trainStep(model, opt, b, config.train, 1e-3);
      b.dispose();
    };
    one();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 50; i++) one();
    expect(tf.memory().numTensors).toBe(before);
    opt.dispose();
    disposeModel(model);
  });
});
