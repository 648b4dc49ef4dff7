import { createImage, Rng } from '@cuts/core';
import { sharedDataForTests } from '@cuts/core/testing';
import { describe, expect, it } from 'vitest';
import { loadDataset } from '../dataset/load.js';
import { defaultPatchSamplerOptions as opts, samplePositions } from './sampler.js';
import { patchDataRange, patchSsim, readPatch } from './ssim.js';

const retina = sharedDataForTests('retina_ga');

describe.skipIf(!retina)('patch sampler on retina images', async () => {
  const items = retina ? await loadDataset(retina, { limit: 4 }) : [];
  const images = items.map((i) => i.image);

  it('draws anchors in [P//2, H−P//2) and SSIM-checked positives within ±radius, never the anchor itself', () => {
    const s = samplePositions(images, opts, new Rng(1));
    expect(s.anchorY).toHaveLength(4 * 8);
    const pa = new Float32Array(75);
    const pb = new Float32Array(75);
    let accepted = 0;
    for (let k = 0; k < s.anchorY.length; k++) {
      const im = images[Math.floor(k / 8)];
      for (const v of [s.anchorY[k], s.anchorX[k], s.positiveY[k], s.positiveX[k]]) {
        expect(v).toBeGreaterThanOrEqual(2);
        expect(v).toBeLessThan(126);
      }
      expect(Math.abs(s.positiveY[k] - s.anchorY[k])).toBeLessThanOrEqual(5);
      expect(Math.abs(s.positiveX[k] - s.anchorX[k])).toBeLessThanOrEqual(5);
      expect(s.positiveY[k] !== s.anchorY[k] || s.positiveX[k] !== s.anchorX[k]).toBe(true);
      if (!s.fallback[k]) {
        readPatch(im.data, 128, 3, s.anchorY[k] - 2, s.anchorX[k] - 2, 5, pa);
        readPatch(im.data, 128, 3, s.positiveY[k] - 2, s.positiveX[k] - 2, 5, pb);
        expect(patchSsim(pa, pb, 5, 3, 5, patchDataRange(pa))).toBeGreaterThan(0.5);
        accepted++;
      }
    }
    expect(accepted).toBeGreaterThan(16);
  });

  it('is deterministic under a seed and draws fresh anchors on every call', () => {
    const a = samplePositions(images, opts, new Rng(5));
    const b = samplePositions(images, opts, new Rng(5));
    expect(b).toEqual(a);
    const rng = new Rng(5);
    const first = samplePositions(images, opts, rng);
    const second = samplePositions(images, opts, rng);
    expect(Array.from(second.anchorY)).not.toEqual(Array.from(first.anchorY));
  });

  it('runs in well under a millisecond per image (vectorised typed-array work)', () => {
    const rng = new Rng(2);
    const batch = Array.from({ length: 16 }, (_, i) => images[i % images.length]);
    samplePositions(batch, opts, rng);
    const t0 = performance.now();
    for (let i = 0; i < 20; i++) samplePositions(batch, opts, rng);
    expect((performance.now() - t0) / 20).toBeLessThan(100); // generous: shared CI machine
  });
});

describe('patch sampler fallback', () => {
  it('uses the neighbour one pixel toward the image centre, distinct from the anchor', () => {
    // random noise: SSIM between different patches is ~0, so the test never passes (threshold 0.99)
    const rng = new Rng(3);
    const img = createImage(
      20,
      30,
      1,
      Float32Array.from({ length: 600 }, () => rng.uniform(-1, 1)),
    );
    const s = samplePositions([img], { ...opts, ssimThreshold: 0.99, anchorsPerImage: 50 }, new Rng(4));
    for (let k = 0; k < 50; k++) {
      expect(s.fallback[k]).toBe(1);
      expect(s.positiveY[k]).toBe(s.anchorY[k] + (2 * s.anchorY[k] < 19 ? 1 : -1));
      expect(s.positiveX[k]).toBe(s.anchorX[k] + (2 * s.anchorX[k] < 29 ? 1 : -1));
    }
  });

  it('rejects images too small for the patches', () => {
    expect(() => samplePositions([createImage(5, 5, 1)], opts, new Rng(1))).toThrow(/too small/);
  });
});
