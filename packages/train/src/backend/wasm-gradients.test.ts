import { Rng } from '@cuts/core';
import { selectBackend } from './select.js';
import { tf } from './tf.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { prepareBackend } from './backend.js';
import { col2im } from './wasm-gradients.js';

interface Case {
  x: [number, number, number, number];
  k: number;
  co: number;
  pad: 'valid' | 'same';
  stride: number;
}

function convGrads(
  c: Case,
  xData: Float32Array,
  wData: Float32Array,
  rData: Float32Array,
): { dx: Float32Array; dw: Float32Array } {
  return tf.tidy(() => {
    const x = tf.tensor4d(xData, c.x);
    const w = tf.tensor4d(wData, [c.k, c.k, c.x[3], c.co]);
    const f = (xi: tf.Tensor, wi: tf.Tensor): tf.Tensor => {
      const y = tf.conv2d(xi as tf.Tensor4D, wi as tf.Tensor4D, c.stride, c.pad);
      return tf.sum(tf.mul(y, tf.tensor(rData.subarray(0, y.size), y.shape)));
    };
    const [dx, dw] = tf.grads(f)([x, w]);
    return { dx: dx.dataSync() as Float32Array, dw: dw.dataSync() as Float32Array };
  });
}

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

const cases: Case[] = [
  { x: [4, 17, 17, 3], k: 5, co: 16, pad: 'valid', stride: 1 },
  { x: [3, 9, 9, 32], k: 5, co: 8, pad: 'valid', stride: 1 },
  { x: [2, 12, 10, 4], k: 5, co: 6, pad: 'same', stride: 1 },
  { x: [2, 11, 13, 3], k: 3, co: 5, pad: 'same', stride: 2 },
  { x: [1, 10, 10, 2], k: 5, co: 3, pad: 'valid', stride: 2 },
  { x: [6, 5, 5, 8], k: 5, co: 12, pad: 'valid', stride: 1 },
  // Co large against the window: the input gradient takes the columns + col2im path
  { x: [3, 9, 9, 16], k: 5, co: 64, pad: 'valid', stride: 1 },
];

describe('wasm convolution gradient kernels', () => {
  beforeAll(async () => {
    await selectBackend('cpu');
    await prepareBackend('wasm');
  });

  it('registers Conv2DBackpropFilter for wasm', () => {
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeDefined();
  });

  for (const c of cases) {
    it(`matches the cpu backend: x ${c.x.join('×')}, ${c.k}×${c.k}→${c.co}, ${c.pad}, stride ${c.stride}`, async () => {
      const rng = new Rng(c.x.reduce((a, b) => a * 31 + b, c.co));
      const xData = rng.fillUniform(new Float32Array(c.x.reduce((a, b) => a * b))).map((v) => v - 0.5);
      const wData = rng.fillUniform(new Float32Array(c.k * c.k * c.x[3] * c.co)).map((v) => (v - 0.5) * 0.4);
      const rData = rng.fillUniform(new Float32Array(c.x[0] * c.x[1] * c.x[2] * c.co)).map((v) => v - 0.5);
      await tf.setBackend('cpu');
      const ref = convGrads(c, xData, wData, rData);
      await tf.setBackend('wasm');
      const got = convGrads(c, xData, wData, rData);
      expect(maxAbsDiff(got.dw, ref.dw)).toBeLessThanOrEqual(1e-5);
      expect(maxAbsDiff(got.dx, ref.dx)).toBeLessThanOrEqual(1e-5);
      // and the gradient is not trivially zero
      expect(Math.max(...Array.from(ref.dw, Math.abs))).toBeGreaterThan(0.01);
    });
  }

  it('col2im adds each column back where it was read from, padding skipped (naive loop as reference)', () => {
    const g = { n: 2, inH: 5, inW: 4, ci: 3, outH: 5, outW: 4, kh: 3, kw: 3, top: 1, left: 1 };
    const rowLength = g.kh * g.kw * g.ci;
    const cols = new Rng(7).fillUniform(new Float32Array(g.n * g.outH * g.outW * rowLength));
    const want = new Float64Array(g.n * g.inH * g.inW * g.ci);
    for (let b = 0; b < g.n; b++)
      for (let oy = 0; oy < g.outH; oy++)
        for (let ox = 0; ox < g.outW; ox++)
          for (let a = 0; a < g.kh; a++)
            for (let c = 0; c < g.kw; c++)
              for (let k = 0; k < g.ci; k++) {
                const y = oy + a - g.top;
                const x = ox + c - g.left;
                if (y < 0 || y >= g.inH || x < 0 || x >= g.inW) continue;
                want[((b * g.inH + y) * g.inW + x) * g.ci + k] +=
                  cols[((b * g.outH + oy) * g.outW + ox) * rowLength + (a * g.kw + c) * g.ci + k];
              }
    const got = new Float32Array(want.length).fill(123); // stale values must be cleared
    col2im(cols, got, g);
    for (let i = 0; i < want.length; i++) expect(got[i]).toBeCloseTo(want[i], 5);
    // a corner sees 4 of the 9 taps, the centre all 9
    expect(want[0]).toBeGreaterThan(0);
  });

  it('frees every intermediate tensor', async () => {
    await tf.setBackend('wasm');
    for (const c of [cases[0], cases[cases.length - 1]]) {
      const n = (s: number[]) => new Float32Array(s.reduce((a, b) => a * b)).fill(0.1);
      const out = c.x[1] - c.k + 1;
      const grads = () => convGrads(c, n(c.x), n([c.k, c.k, c.x[3], c.co]), n([c.x[0], out, out, c.co]));
      grads();
      const before = tf.memory().numTensors;
      const bytesBefore = tf.memory().numBytes;
      for (let i = 0; i < 5; i++) grads();
      expect(tf.memory().numTensors).toBe(before);
      expect(tf.memory().numBytes).toBe(bytesBefore);
    }
  });
});
