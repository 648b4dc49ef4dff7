import { Rng } from '@cuts/core';
import { tf } from '../backend/tf.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { prepareBackend } from '../backend/backend.js';
import { contrastiveMasks, maskedMse, ntXent } from './loss.js';

/** Independent float64 NT-Xent straight from the definition (reference §2). */
function ntXentReference(
  z: Float64Array,
  images: number,
  groups: Int32Array,
  dim: number,
  tau: number,
  duplicates?: Uint8Array,
): number {
  const r = groups.length;
  let total = 0;
  for (let b = 0; b < images; b++) {
    const rows: number[][] = [];
    for (let i = 0; i < r; i++) {
      const v = Array.from(z.subarray((b * r + i) * dim, (b * r + i + 1) * dim));
      const n = Math.hypot(...v);
      rows.push(v.map((x) => x / n));
    }
    const sim = (i: number, j: number) => rows[i].reduce((s, x, k) => s + x * rows[j][k], 0) / tau;
    for (let i = 0; i < r; i++) {
      let denom = 0;
      for (let j = 0; j < r; j++) if (j !== i && !duplicates?.[(b * r + i) * r + j]) denom += Math.exp(sim(i, j));
      const pos = [...Array(r).keys()].filter((j) => j !== i && groups[j] === groups[i]);
      for (const p of pos) total += -Math.log(Math.exp(sim(i, p)) / denom) / pos.length;
    }
  }
  return total / (images * r);
}

describe('CUTS loss', () => {
  beforeAll(async () => {
    await prepareBackend('wasm');
  });

  const images = 2;
  const s = 4;
  const dim = 6;
  const groups = Int32Array.from({ length: 2 * s }, (_, i) => i % s);
  const rng = new Rng(11);
  const z64 = Float64Array.from({ length: images * 2 * s * dim }, () => rng.normal());

  it('NT-Xent matches a float64 implementation of the definition', () => {
    const got = tf.tidy(
      () =>
        ntXent(
          tf.tensor2d(Float32Array.from(z64), [images * 2 * s, dim]),
          { images, rowsPerImage: 2 * s, groups },
          0.1,
        ).dataSync()[0],
    );
    const want = ntXentReference(z64, images, groups, dim, 0.1);
    expect(Math.abs(got - want) / want).toBeLessThan(1e-5);
  });

  it('NT-Xent with augmented views averages over the positives of each row', () => {
    const g3 = Int32Array.from({ length: 3 * s }, (_, i) => i % s);
    const z3 = Float64Array.from({ length: images * 3 * s * dim }, () => rng.normal());
    const got = tf.tidy(
      () =>
        ntXent(
          tf.tensor2d(Float32Array.from(z3), [images * 3 * s, dim]),
          { images, rowsPerImage: 3 * s, groups: g3 },
          0.5,
        ).dataSync()[0],
    );
    expect(Math.abs(got - ntXentReference(z3, images, g3, dim, 0.5))).toBeLessThan(1e-5);
    const { positives } = contrastiveMasks(g3);
    expect(positives[0 * 3 * s + s]).toBe(0.5);
    expect(positives[0 * 3 * s + 2 * s]).toBe(0.5);
    expect(positives[0]).toBe(0);
  });

  it('the gradient of NT-Xent agrees with central finite differences of the float64 loss', () => {
    const tau = 0.5;
    const grad = tf.tidy(() => {
      const z = tf.tensor2d(Float32Array.from(z64), [images * 2 * s, dim]);
      return tf
        .grad((x: tf.Tensor) => ntXent(x as tf.Tensor2D, { images, rowsPerImage: 2 * s, groups }, tau))(z)
        .dataSync();
    });
    const h = 1e-5;
    let worst = 0;
    for (const idx of [0, 5, 13, 22, 37, 48, 60, 95]) {
      const plus = Float64Array.from(z64);
      const minus = Float64Array.from(z64);
      plus[idx] += h;
      minus[idx] -= h;
      const fd =
        (ntXentReference(plus, images, groups, dim, tau) - ntXentReference(minus, images, groups, dim, tau)) / (2 * h);
      worst = Math.max(worst, Math.abs(fd - grad[idx]));
    }
    expect(worst).toBeLessThan(2e-4);
  });

  it("near-duplicate pairs leave each other's denominator, per image, and free every tensor", () => {
    const r = 2 * s;
    const duplicates = new Uint8Array(images * r * r);
    const mark = (b: number, i: number, j: number) => {
      duplicates[(b * r + i) * r + j] = 1;
      duplicates[(b * r + j) * r + i] = 1;
    };
    mark(0, 0, 1); // two anchors of image 0
    mark(0, 2, s + 3); // an anchor and another anchor's positive
    mark(1, s, s + 1); // two positives of image 1
    const before = tf.memory().numTensors;
    const loss = (d?: Uint8Array) =>
      tf.tidy(
        () =>
          ntXent(
            tf.tensor2d(Float32Array.from(z64), [images * r, dim]),
            { images, rowsPerImage: r, groups, duplicates: d },
            0.1,
          ).dataSync()[0],
      );
    const got = loss(duplicates);
    expect(tf.memory().numTensors).toBe(before);
    const want = ntXentReference(z64, images, groups, dim, 0.1, duplicates);
    expect(Math.abs(got - want) / want).toBeLessThan(1e-5);
    // the exclusions change the loss, and an empty mask is the plain NT-Xent
    expect(Math.abs(want - ntXentReference(z64, images, groups, dim, 0.1))).toBeGreaterThan(1e-3);
    expect(loss(new Uint8Array(images * r * r))).toBe(loss());
    expect(() => loss(new Uint8Array(r * r))).toThrow(/duplicates mask has 64 entries, expected 128/);
  });

  it('masked MSE: hand-computed value and gradient', () => {
    const pred = tf.tensor2d([1, 2, 3, 4, 5, 6], [3, 2]);
    const target = tf.tensor2d([0, 2, 3, 1, 100, 100], [3, 2]);
    const mask = tf.tensor2d([1, 1, 0], [3, 1]);
    // rows 0-1 only: ((1)² + 0 + 0 + 3²) / (2 rows · 2 values) = 2.5
    expect(maskedMse(pred, target, mask, 2).dataSync()[0]).toBeCloseTo(2.5, 6);
    const g = tf
      .grad((p: tf.Tensor) => maskedMse(p as tf.Tensor2D, target, mask, 2))(pred)
      .dataSync();
    // d/dp = 2(p − t)/4 on anchor rows, 0 elsewhere
    expect(Array.from(g, (v) => v + 0)).toEqual([0.5, 0, 0, 1.5, 0, 0]);
    tf.dispose([pred, target, mask]);
  });
});
