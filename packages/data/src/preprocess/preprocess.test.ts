import { describe, expect, it } from 'vitest';
import { createLabelMap, createMask } from '@cuts/core';
import { cropContent, fitGeometry, labelMapToOriginal, maskToModel, maskToOriginal } from './geometry.js';
import { scaleIntensity } from './intensity.js';
import { preprocessImage } from './preprocess.js';
import { resizeBicubic, resizeNearest } from './resize.js';

describe('fitGeometry', () => {
  it('fits the longer side and centres the shorter (hand-computed)', () => {
    // 357×317: scale 128/357 → width round(317·0.35854) = 114, pad (128−114)/2 = 7
    expect(fitGeometry(357, 317, 128)).toEqual({
      originalHeight: 357,
      originalWidth: 317,
      resizedHeight: 128,
      resizedWidth: 114,
      padTop: 0,
      padLeft: 7,
    });
    expect(fitGeometry(128, 128, 128)).toMatchObject({ resizedHeight: 128, resizedWidth: 128, padTop: 0, padLeft: 0 });
    // wide and small: 20×50 → 51×128 (round 51.2), pad top floor(77/2) = 38
    expect(fitGeometry(20, 50, 128)).toMatchObject({ resizedHeight: 51, resizedWidth: 128, padTop: 38, padLeft: 0 });
  });
});

describe('resize', () => {
  it('keeps a constant image constant and reproduces a linear ramp in the interior (bicubic is exact on linear functions)', () => {
    const h = 40;
    const w = 60;
    const c = new Float32Array(h * w).fill(0.3);
    expect(Array.from(resizeBicubic(c, h, w, 1, 17, 23)).every((v) => Math.abs(v - 0.3) < 1e-6)).toBe(true);
    const ramp = Float32Array.from({ length: h * w }, (_, i) => 2 * (i % w) + 0.5 * Math.floor(i / w));
    const out = resizeBicubic(ramp, h, w, 1, 20, 30);
    // Output pixel (y, x) covers source centre ((y + 0.5)·2 − 0.5, (x + 0.5)·2 − 0.5).
    for (let y = 3; y < 17; y++)
      for (let x = 3; x < 27; x++) {
        const sx = (x + 0.5) * 2 - 0.5;
        const sy = (y + 0.5) * 2 - 0.5;
        expect(out[y * 30 + x]).toBeCloseTo(2 * sx + 0.5 * sy, 3);
      }
  });

  it('keeps channels separate', () => {
    const rgb = Float32Array.from({ length: 8 * 8 * 3 }, (_, i) => (i % 3) - 1);
    const out = resizeBicubic(rgb, 8, 8, 3, 4, 4);
    for (let i = 0; i < out.length; i++) expect(out[i]).toBeCloseTo((i % 3) - 1, 5);
  });

  it('nearest picks the source pixel under each output centre', () => {
    const src = Uint8Array.from([1, 2, 3, 4, 5, 6]); // 2×3
    expect(Array.from(resizeNearest(src, 2, 3, 4, 6))).toEqual([
      1, 1, 2, 2, 3, 3, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 4, 4, 5, 5, 6, 6,
    ]);
    expect(Array.from(resizeNearest(Uint8Array.from([1, 2, 3, 4]), 1, 4, 1, 2))).toEqual([2, 4]);
  });
});

describe('labelMapToOriginal', () => {
  it('inverts the model geometry exactly for an integer upscale (64×32 → 128×64 content)', () => {
    const orig = createLabelMap(
      64,
      32,
      Int32Array.from({ length: 64 * 32 }, (_, i) => (i * 7919) % 97),
    );
    const geo = fitGeometry(64, 32, 128);
    expect(geo).toMatchObject({ resizedHeight: 128, resizedWidth: 64, padTop: 0, padLeft: 32 });
    const up = resizeNearest(orig.data, 64, 32, 128, 64);
    const model = new Int32Array(128 * 128).fill(-5); // padding must be dropped
    for (let y = 0; y < 128; y++) model.set(up.subarray(y * 64, y * 64 + 64), y * 128 + 32);
    const back = labelMapToOriginal(createLabelMap(128, 128, model), geo);
    expect(back.height).toBe(64);
    expect(back.width).toBe(32);
    expect(Array.from(back.data)).toEqual(Array.from(orig.data));
  });

  it('maps a real-size geometry back to the original size, agreeing with the mask path', () => {
    const geo = fitGeometry(357, 317, 128);
    const mask = createMask(
      357,
      317,
      Uint8Array.from({ length: 357 * 317 }, (_, i) => (i % 317 > 150 && Math.floor(i / 317) < 200 ? 1 : 0)),
    );
    const model = maskToModel(mask, geo, 128);
    // Padding columns are empty.
    for (let y = 0; y < 128; y++) for (let x = 0; x < 7; x++) expect(model.data[y * 128 + x]).toBe(0);
    const back = maskToOriginal(model, geo);
    const labels = labelMapToOriginal(createLabelMap(128, 128, Int32Array.from(model.data)), geo);
    expect(Array.from(labels.data)).toEqual(Array.from(back.data));
    let agree = 0;
    for (let i = 0; i < mask.data.length; i++) agree += back.data[i] === mask.data[i] ? 1 : 0;
    expect(agree / mask.data.length).toBeGreaterThan(0.99); // only the boundary moves by < 3 px
    expect(cropContent(model.data, 128, geo).length).toBe(128 * 114);
  });
});

describe('intensity', () => {
  it('8-bit auto is x/255·2−1; other depths min–max; p99 clips the tails', () => {
    expect(Array.from(scaleIntensity([0, 51, 255], 8).data)).toEqual([-1, Math.fround((51 / 255) * 2 - 1), 1]);
    expect(Array.from(scaleIntensity([100, 150, 300], 16).data)).toEqual([-1, -0.5, 1]);
    expect(scaleIntensity([5, 5], 16).data).toEqual(Float32Array.from([-1, -1]));
    const values = Array.from({ length: 101 }, (_, i) => i);
    values[100] = 1e6; // one hot pixel
    const p = scaleIntensity(values, 16, 'p99');
    expect(p.low).toBeCloseTo(1, 6);
    expect(p.high).toBeCloseTo(99, 6);
    expect(p.data[50]).toBeCloseTo(((50 - 1) / 98) * 2 - 1, 6);
    expect(p.data[100]).toBe(1);
    expect(scaleIntensity([Number.NaN, 0, 2], 32).data[0]).toBe(-1);
  });

  it('preprocessImage pads with −1 and spans [−1, 1] for min–max sources', () => {
    const src = {
      height: 10,
      width: 20,
      channels: 1,
      bitDepth: 16,
      data: Float64Array.from({ length: 200 }, (_, i) => i),
    };
    const pre = preprocessImage(src, { imageSize: 32 });
    expect(pre.resize).toMatchObject({ resizedHeight: 16, resizedWidth: 32, padTop: 8, padLeft: 0 });
    expect(pre.image.data[0]).toBe(-1);
    expect(Math.min(...pre.image.data)).toBe(-1);
    expect(Math.max(...pre.image.data)).toBe(1);
  });
});
