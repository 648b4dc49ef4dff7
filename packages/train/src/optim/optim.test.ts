import { tf } from '../backend/tf.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { prepareBackend } from '../backend/backend.js';
import { AdamW } from './adamw.js';
import { learningRateAt } from './schedule.js';

describe('learning-rate schedule', () => {
  const o = { learningRate: 1e-3, warmupEpochs: 10, warmupStartLr: 1e-6, epochs: 200 };
  it('warms up linearly from 1e-6 then follows a cosine to 0 at epoch 200', () => {
    expect(learningRateAt(0, o)).toBeCloseTo(1e-6, 12);
    expect(learningRateAt(9, o)).toBeCloseTo(1e-3, 12);
    expect(learningRateAt(10, o)).toBeCloseTo(1e-3, 12);
    expect(learningRateAt(5, o)).toBeCloseTo(1e-6 + (5 * (1e-3 - 1e-6)) / 9, 12);
    expect(learningRateAt(105, o)).toBeCloseTo(5e-4, 12);
    expect(learningRateAt(200, o)).toBeCloseTo(0, 12);
    for (let e = 11; e < 200; e++) expect(learningRateAt(e, o)).toBeLessThan(learningRateAt(e - 1, o));
  });
});

describe('AdamW', () => {
  beforeAll(async () => {
    await prepareBackend('wasm');
  });
  it('matches the PyTorch AdamW update computed by hand for two steps', () => {
    const p = tf.variable(tf.tensor1d([1, -2]));
    const opt = new AdamW([p], { weightDecay: 0.1 });
    const lr = 0.01;
    const g1 = tf.tensor1d([0.5, -1]);
    const g2 = tf.tensor1d([0.2, 3]);
    opt.apply([g1], lr);
    opt.apply([g2], lr);
    const want = [1, -2].map((x0, i) => {
      const gs = [[0.5, -1][i], [0.2, 3][i]];
      let x = x0;
      let m = 0;
      let v = 0;
      gs.forEach((g, t) => {
        x *= 1 - lr * 0.1;
        m = 0.9 * m + 0.1 * g;
        v = 0.999 * v + 0.001 * g * g;
        const mh = m / (1 - 0.9 ** (t + 1));
        const vh = v / (1 - 0.999 ** (t + 1));
        x -= (lr * mh) / (Math.sqrt(vh) + 1e-8);
      });
      return x;
    });
    const got = p.dataSync();
    expect(got[0]).toBeCloseTo(want[0], 6);
    expect(got[1]).toBeCloseTo(want[1], 6);
    expect(opt.step).toBe(2);
    tf.dispose([p, g1, g2]);
    opt.dispose();
  });
});
