import { type AugmentConfig, createImage, defaultConfig, Rng } from '@cuts/core';
import { describe, expect, it } from 'vitest';
import {
  augmentView,
  buildAugmentations,
  colourJitter,
  gaussianNoise,
  horizontalFlip,
  rotate90,
  verticalFlip,
} from './augment.js';
import type { PositionSample } from './sampler.js';
import { buildWindowBatch, readWindow } from './windows.js';

// 6×7 image, 2 channels: value = 100·y + 10·x + c
const img = createImage(
  6,
  7,
  2,
  Float32Array.from({ length: 84 }, (_, i) => 100 * Math.floor(i / 14) + 10 * (Math.floor(i / 2) % 7) + (i % 2)),
);
const at = (w: Float32Array, side: number, ch: number, y: number, x: number, c: number) => w[(y * side + x) * ch + c];

describe('receptive-field windows', () => {
  it('centre = the pixel; out-of-image positions replicate the border', () => {
    const w = new Float32Array(5 * 5 * 2);
    readWindow(img, 0, 6, 2, w, 0); // top-right corner
    expect(at(w, 5, 2, 2, 2, 1)).toBe(61);
    expect(at(w, 5, 2, 0, 0, 0)).toBe(40); // (−2, 4) → (0, 4)
    expect(at(w, 5, 2, 4, 4, 0)).toBe(260); // (2, 8) → (2, 6)
  });

  it('packs anchors, positives and views with groups and anchor targets', () => {
    const sample: PositionSample = {
      images: 1,
      anchorsPerImage: 2,
      anchorY: Int32Array.from([2, 3]),
      anchorX: Int32Array.from([2, 4]),
      positiveY: Int32Array.from([3, 3]),
      positiveX: Int32Array.from([2, 5]),
      fallback: new Uint8Array(2),
    };
    const b = buildWindowBatch([img], sample, {
      radius: 1,
      patchSize: 3,
      augmentations: [horizontalFlip],
      rng: new Rng(1),
    });
    expect(b.count).toBe(6);
    expect(b.rowsPerImage).toBe(6);
    expect(Array.from(b.groups)).toEqual([0, 1, 0, 1, 0, 1]);
    const win = (r: number) => b.windows.subarray(r * 18, (r + 1) * 18);
    expect(at(win(0), 3, 2, 1, 1, 0)).toBe(220);
    expect(at(win(3), 3, 2, 1, 1, 0)).toBe(350);
    // the view is the anchor window mirrored: same centre, left/right swapped
    expect(at(win(4), 3, 2, 1, 1, 0)).toBe(220);
    expect(at(win(4), 3, 2, 0, 0, 0)).toBe(at(win(0), 3, 2, 0, 2, 0));
    // target of anchor 1 = the 3×3 patch around (3, 4), channel-major
    expect(Array.from(b.targets.subarray(18, 21))).toEqual([230, 240, 250]);
    expect(b.targets[18 + 9]).toBe(231);
  });
});

describe('patch augmentation', () => {
  const rng = new Rng(7);
  const w0 = Float32Array.from({ length: 5 * 5 * 3 }, () => rng.uniform(-1, 1));
  it('flips and rotations are permutations that keep the centre pixel; they invert as expected', () => {
    for (const aug of [horizontalFlip, verticalFlip]) {
      const w = w0.slice();
      aug.apply(w, 5, 3, rng);
      expect(Array.from(w.subarray(36, 39))).toEqual(Array.from(w0.subarray(36, 39)));
      aug.apply(w, 5, 3, rng);
      expect(w).toEqual(w0);
    }
    const r = w0.slice();
    rotate90(r, 5, 3, 1);
    // numpy.rot90: out[0, 0] = in[0, 4]
    expect(Array.from(r.subarray(0, 3))).toEqual(Array.from(w0.subarray(12, 15)));
    rotate90(r, 5, 3, 3);
    expect(r).toEqual(w0);
  });

  it('photometric transforms stay in [-1, 1] and are seeded', () => {
    const a = w0.slice();
    const b = w0.slice();
    const j = colourJitter({ brightness: 0.5, contrast: 0.5, colour: 0.5 });
    j.apply(a, 5, 3, new Rng(1));
    j.apply(b, 5, 3, new Rng(1));
    expect(a).toEqual(b);
    expect(a).not.toEqual(w0);
    gaussianNoise(2).apply(a, 5, 3, new Rng(2));
    expect(Math.max(...a)).toBeLessThanOrEqual(1);
    expect(Math.min(...a)).toBeGreaterThanOrEqual(-1);
  });

  it('config switches augmentations on; the default (published recipe) is none', () => {
    expect(buildAugmentations(defaultConfig.augment)).toEqual([]);
    const cfg: AugmentConfig = {
      ...defaultConfig.augment,
      hflip: true,
      rot90: true,
      noise: { enabled: true, std: 0.1 },
    };
    expect(buildAugmentations(cfg).map((a) => a.name)).toEqual(['hflip', 'rot90', 'noise']);
    const v = w0.slice();
    augmentView(v, 5, 3, buildAugmentations(cfg), new Rng(3));
    expect(v).not.toEqual(w0);
  });
});
