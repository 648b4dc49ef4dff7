import { Rng, defaultConfig } from '@cuts/core';
import { tf } from '../backend/tf.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWindowBatch, type PositionSample } from '@cuts/data';
import { prepareBackend } from '../backend/backend.js';
import { embedAndReconstruct, embedImage, reconstructImage } from '../inference.js';
import { retinaDir, retinaItems } from '../test-utils/retina.js';
import { encodeWindows, reconstructPatches, replicatePad } from './encoder.js';
import { countParameters, createCutsModel, disposeModel, receptiveRadius, type CutsModel } from './model.js';

describe('CUTS encoder', () => {
  let model: CutsModel;
  beforeAll(async () => {
    await prepareBackend('wasm');
    model = createCutsModel(3, defaultConfig.model, new Rng(7));
    // non-trivial running statistics, so inference-mode BatchNorm is really exercised
    const r = new Rng(8);
    for (const b of model.blocks) {
      const c = b.gamma.shape[0];
      b.movingMean.assign(tf.tensor1d(Array.from({ length: c }, () => r.uniform(-0.2, 0.2))));
      b.movingVariance.assign(tf.tensor1d(Array.from({ length: c }, () => r.uniform(0.05, 0.5))));
      b.gamma.assign(tf.tensor1d(Array.from({ length: c }, () => r.uniform(0.5, 1.5))));
      b.beta.assign(tf.tensor1d(Array.from({ length: c }, () => r.uniform(-0.1, 0.1))));
    }
  });
  afterAll(() => disposeModel(model));

  it('has the reference architecture: 4 convs 5×5, C→16→32→64→128, ~271k encoder parameters (RGB)', () => {
    expect(model.blocks.map((b) => b.kernel.shape)).toEqual([
      [5, 5, 3, 16],
      [5, 5, 16, 32],
      [5, 5, 32, 64],
      [5, 5, 64, 128],
    ]);
    // convs with bias 270,240 + BatchNorm γ/β 480
    expect(countParameters(model, 'encoder')).toBe(270_720);
    expect(model.head.kernel1.shape).toEqual([128, 75]);
    expect(model.head.kernel2.shape).toEqual([75, 75]);
    expect(receptiveRadius(defaultConfig.model)).toBe(8);
  });

  it('replicate padding repeats the edge values (hand-computed)', () => {
    const x = tf.tensor4d([1, 2, 3, 4], [1, 2, 2, 1]);
    const p = replicatePad(x, 2);
    expect(p.shape).toEqual([1, 6, 6, 1]);
    const v = Array.from(p.dataSync());
    expect(v.slice(0, 6)).toEqual([1, 1, 1, 2, 2, 2]);
    expect(v.slice(30, 36)).toEqual([3, 3, 3, 4, 4, 4]);
    tf.dispose([x, p]);
  });

  it.skipIf(!retinaDir)(
    'window-centre z equals the full-image z (inference mode, ≤ 1e-4) on a retina image',
    async () => {
      const [item] = await retinaItems(1);
      const image = item.image;
      const full = embedImage(model, image);
      // pixels ≥ 8 px from the border, including the corners of that region
      const pts: [number, number][] = [
        [8, 8],
        [8, 119],
        [119, 8],
        [119, 119],
        [64, 64],
      ];
      const r = new Rng(3);
      for (let i = 0; i < 35; i++) pts.push([r.int(8, 120), r.int(8, 120)]);
      const sample: PositionSample = {
        images: 1,
        anchorsPerImage: pts.length,
        anchorY: Int32Array.from(pts, (p) => p[0]),
        anchorX: Int32Array.from(pts, (p) => p[1]),
        positiveY: Int32Array.from(pts, (p) => p[0]),
        positiveX: Int32Array.from(pts, (p) => p[1]),
        fallback: new Uint8Array(pts.length),
      };
      const batch = buildWindowBatch([image], sample, { radius: 8, patchSize: 5 });
      const z = tf.tidy(() => encodeWindows(model, tf.tensor4d(batch.windows, [batch.count, 17, 17, 3]), 'inference'));
      const zw = z.dataSync();
      z.dispose();
      let maxDiff = 0;
      let maxAbs = 0;
      pts.forEach(([y, x], i) => {
        for (let d = 0; d < 128; d++) {
          const a = zw[i * 128 + d];
          const b = full.data[(y * 128 + x) * 128 + d];
          maxDiff = Math.max(maxDiff, Math.abs(a - b));
          maxAbs = Math.max(maxAbs, Math.abs(b));
        }
      });
      expect(maxAbs).toBeGreaterThan(0.1);
      expect(maxDiff).toBeLessThanOrEqual(1e-4);
    },
  );

  it.skipIf(!retinaDir)('the reconstructed image is the head output at the patch centre', async () => {
    const [item] = await retinaItems(1);
    const rec = reconstructImage(model, item.image);
    const pts: [number, number][] = [
      [20, 30],
      [64, 100],
    ];
    const sample: PositionSample = {
      images: 1,
      anchorsPerImage: 2,
      anchorY: Int32Array.from(pts, (p) => p[0]),
      anchorX: Int32Array.from(pts, (p) => p[1]),
      positiveY: Int32Array.from(pts, (p) => p[0]),
      positiveX: Int32Array.from(pts, (p) => p[1]),
      fallback: new Uint8Array(2),
    };
    const batch = buildWindowBatch([item.image], sample, { radius: 8, patchSize: 5 });
    const patches = tf.tidy(() =>
      reconstructPatches(
        model,
        encodeWindows(model, tf.tensor4d(batch.windows, [batch.count, 17, 17, 3]), 'inference'),
      ).dataSync(),
    );
    pts.forEach(([y, x], i) => {
      for (let c = 0; c < 3; c++) expect(rec.data[(y * 128 + x) * 3 + c]).toBeCloseTo(patches[i * 75 + c * 25 + 12], 4);
    });
  });

  it.skipIf(!retinaDir)(
    'inference frees every tensor it allocates (embedding and reconstruction, repeated)',
    async () => {
      const [item] = await retinaItems(1);
      embedImage(model, item.image);
      reconstructImage(model, item.image);
      const before = tf.memory().numTensors;
      for (let i = 0; i < 5; i++) {
        const e = embedImage(model, item.image);
        expect(e.rows).toBe(128 * 128);
        expect(e.dim).toBe(128);
        const rec = reconstructImage(model, item.image);
        expect(rec.channels).toBe(3);
      }
      expect(tf.memory().numTensors).toBe(before);
    },
  );

  it.skipIf(!retinaDir)(
    'embedAndReconstruct: one encoder pass, the same bits as embedImage and reconstructImage, nothing left behind',
    async () => {
      const [item] = await retinaItems(1);
      const bits = (a: Float32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
      const both = embedAndReconstruct(model, item.image);
      expect(bits(both.embedding.data).equals(bits(embedImage(model, item.image).data))).toBe(true);
      expect(bits(both.reconstruction.data).equals(bits(reconstructImage(model, item.image).data))).toBe(true);
      expect(both.reconstruction.channels).toBe(3);
      const before = tf.memory().numTensors;
      for (let i = 0; i < 3; i++) embedAndReconstruct(model, item.image);
      expect(tf.memory().numTensors).toBe(before);
    },
  );
});
