import { Rng } from '@cuts/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { prepareBackend } from './backend.js';
import { selectBackend } from './select.js';
import { tf } from './tf.js';
import { reducesLeadingAxes } from './wasm-sum.js';

/** The same reduction on the cpu backend (reference) and on wasm. */
async function both(
  data: Float32Array | Int32Array,
  shape: number[],
  axis: number | number[],
  keepDims: boolean,
): Promise<{ cpu: tf.Tensor; wasm: tf.Tensor }> {
  await tf.setBackend('cpu');
  const cpu = tf.sum(tf.tensor(data, shape), axis, keepDims);
  const cpuCopy = { values: cpu.dataSync().slice(), shape: cpu.shape, dtype: cpu.dtype };
  cpu.dispose();
  await tf.setBackend('wasm');
  const wasm = tf.tidy(() => tf.sum(tf.tensor(data, shape), axis, keepDims));
  return { cpu: tf.tensor(cpuCopy.values, cpuCopy.shape, cpuCopy.dtype), wasm };
}

describe('wasm Sum over the leading axes', () => {
  beforeAll(async () => {
    await selectBackend('cpu');
    await prepareBackend('wasm');
  });

  it('recognises exactly the axes 0 … rank−2', () => {
    expect(reducesLeadingAxes([0, 1, 2], 4)).toBe(true);
    expect(reducesLeadingAxes([2, 0, -3], 4)).toBe(true);
    expect(reducesLeadingAxes(0, 2)).toBe(true);
    expect(reducesLeadingAxes([0, 1, 2, 3], 4)).toBe(false);
    expect(reducesLeadingAxes([1, 2, 3], 4)).toBe(false);
    expect(reducesLeadingAxes([0, 2], 3)).toBe(false);
    expect(reducesLeadingAxes(0, 1)).toBe(false);
  });

  const cases: { shape: number[]; axis: number | number[]; keepDims: boolean }[] = [
    { shape: [16, 9, 9, 32], axis: [0, 1, 2], keepDims: false },
    { shape: [16, 9, 9, 32], axis: [0, 1, 2], keepDims: true },
    { shape: [40, 75], axis: 0, keepDims: false },
    { shape: [7, 5, 3], axis: [-2, 0], keepDims: true },
    { shape: [6, 5, 4], axis: [1, 2], keepDims: false }, // not leading: the original kernel
    { shape: [6, 5, 4], axis: [0, 1, 2], keepDims: false }, // every axis: the original kernel
  ];
  for (const c of cases) {
    it(`matches the cpu backend: ${c.shape.join('×')} over ${JSON.stringify(c.axis)}${c.keepDims ? ', keepDims' : ''}`, async () => {
      const rng = new Rng(c.shape.reduce((a, b) => a * 31 + b, 3));
      const data = rng.fillUniform(new Float32Array(c.shape.reduce((a, b) => a * b))).map((v) => v - 0.3);
      const { cpu, wasm } = await both(data, c.shape, c.axis, c.keepDims);
      expect(wasm.shape).toEqual(cpu.shape);
      expect(wasm.dtype).toBe('float32');
      const got = wasm.dataSync();
      const want = cpu.dataSync();
      for (let i = 0; i < want.length; i++)
        expect(Math.abs(got[i] - want[i])).toBeLessThan(2e-4 * (1 + Math.abs(want[i])));
      tf.dispose([cpu, wasm]);
    });
  }

  it('leaves int32 sums to the original kernel (exact, int32 out)', async () => {
    const data = Int32Array.from({ length: 24 }, (_, i) => i * 3 - 20);
    const { cpu, wasm } = await both(data, [4, 6], 0, false);
    expect(wasm.dtype).toBe('int32');
    expect(Array.from(wasm.dataSync())).toEqual(Array.from(cpu.dataSync()));
    tf.dispose([cpu, wasm]);
  });

  it('gives the same gradients through BatchNorm-style statistics', async () => {
    await tf.setBackend('wasm');
    const x = tf.tensor(new Rng(5).fillUniform(new Float32Array(4 * 3 * 3 * 8)), [4, 3, 3, 8]);
    const mean = (t: tf.Tensor): tf.Tensor => tf.mul(tf.sum(t, [0, 1, 2]), 1 / 36);
    const f = (t: tf.Tensor): tf.Tensor => tf.sum(tf.square(tf.sub(t, mean(t))));
    const g = tf.grad(f)(x);
    // d/dx Σ (x − μ)² = 2 (x − μ) (the μ term cancels): checked by hand
    const want = tf.mul(2, tf.sub(x, mean(x)));
    expect(tf.max(tf.abs(tf.sub(g, want))).dataSync()[0]).toBeLessThan(1e-5);
    tf.dispose([x, g, want]);
  });

  it('frees what it allocates', async () => {
    await tf.setBackend('wasm');
    const x = tf.ones([8, 5, 5, 16]);
    tf.sum(x, [0, 1, 2]).dispose();
    const before = tf.memory();
    for (let i = 0; i < 5; i++) tf.sum(x, [0, 1, 2], true).dispose();
    expect(tf.memory().numTensors).toBe(before.numTensors);
    expect(tf.memory().numBytes).toBe(before.numBytes);
    x.dispose();
  });
});
