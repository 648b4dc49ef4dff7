/**
 * The CUTS anchor/positive sampler (reference §2), vectorised over typed
 * arrays: per image S anchors drawn uniformly in [P//2, H−P//2), and for each
 * a positive among up to `maxTries` candidates within ±radius px whose P×P
 * patch has SSIM > threshold with the anchor's patch.
 *
 * Differences from the reference implementation, on purpose:
 * - the generator is never re-seeded, so every batch draws fresh anchors;
 * - a candidate that coincides with the anchor is never accepted;
 * - the fallback (no candidate passed) is the neighbour one pixel toward the
 *   image centre on both axes, kept as a distinct pixel (no aliasing of the
 *   anchor onto the positive).
 */
import type { Image, Rng } from '@cuts/core';
import { patchDataRange, patchSsim, readPatch } from './ssim.js';

/** Options of the CUTS patch sampler (`samplePositions`). */
export interface PatchSamplerOptions {
  /** Anchors S per image. */
  readonly anchorsPerImage: number;
  /** Candidates are drawn within ±positiveRadius px of the anchor. */
  readonly positiveRadius: number;
  readonly maxTries: number;
  readonly ssimThreshold: number;
  readonly ssimWindow: number;
  /** Side P of the patches compared (and reconstructed). */
  readonly patchSize: number;
}

/** The reference's sampler settings. */
export const defaultPatchSamplerOptions: PatchSamplerOptions = {
  anchorsPerImage: 8,
  positiveRadius: 5,
  maxTries: 20,
  ssimThreshold: 0.5,
  ssimWindow: 5,
  patchSize: 5,
};

/** Sampled pixel positions; index `b * S + i` is anchor i of image b. */
export interface PositionSample {
  readonly images: number;
  readonly anchorsPerImage: number;
  readonly anchorY: Int32Array;
  readonly anchorX: Int32Array;
  readonly positiveY: Int32Array;
  readonly positiveX: Int32Array;
  /** 1 where no candidate passed the SSIM test and the fallback was used. */
  readonly fallback: Uint8Array;
}

/** The anchor range [lo, hi) along an axis of length `n` for patch side `p`. */
export function anchorRange(n: number, p: number): [number, number] {
  const half = p >> 1;
  return [half, n - half];
}

function checkImage(image: Image, index: number, p: number): void {
  const [lo, hi] = anchorRange(Math.min(image.height, image.width), p);
  if (hi - lo < 2) {
    throw new RangeError(`image ${index} (${image.height}×${image.width}) is too small for ${p}×${p} patches`);
  }
}

/** Draws anchors and SSIM-checked positives for every image. */
export function samplePositions(images: readonly Image[], options: PatchSamplerOptions, rng: Rng): PositionSample {
  const s = options.anchorsPerImage;
  const p = options.patchSize;
  const r = options.positiveRadius;
  const total = images.length * s;
  const anchorY = new Int32Array(total);
  const anchorX = new Int32Array(total);
  const positiveY = new Int32Array(total);
  const positiveX = new Int32Array(total);
  const fallback = new Uint8Array(total);
  const maxChannels = images.reduce((m, im) => Math.max(m, im.channels), 1);
  const pa = new Float32Array(maxChannels * p * p);
  const pb = new Float32Array(maxChannels * p * p);

  for (let b = 0; b < images.length; b++) {
    const image = images[b];
    checkImage(image, b, p);
    const { height: h, width: w, channels: c, data } = image;
    const [ylo, yhi] = anchorRange(h, p);
    const [xlo, xhi] = anchorRange(w, p);
    const half = p >> 1;
    for (let i = 0; i < s; i++) {
      const k = b * s + i;
      const ay = rng.int(ylo, yhi);
      const ax = rng.int(xlo, xhi);
      anchorY[k] = ay;
      anchorX[k] = ax;
      readPatch(data, w, c, ay - half, ax - half, p, pa);
      const range = patchDataRange(pa, c * p * p);
      let found = false;
      for (let t = 0; t < options.maxTries && !found; t++) {
        const cy = clamp(ay + rng.int(-r, r + 1), ylo, yhi - 1);
        const cx = clamp(ax + rng.int(-r, r + 1), xlo, xhi - 1);
        if (cy === ay && cx === ax) continue;
        readPatch(data, w, c, cy - half, cx - half, p, pb);
        if (patchSsim(pa, pb, p, c, options.ssimWindow, range) > options.ssimThreshold) {
          positiveY[k] = cy;
          positiveX[k] = cx;
          found = true;
        }
      }
      if (!found) {
        fallback[k] = 1;
        positiveY[k] = ay + (2 * ay < h - 1 ? 1 : -1);
        positiveX[k] = ax + (2 * ax < w - 1 ? 1 : -1);
      }
    }
  }
  return { images: images.length, anchorsPerImage: s, anchorY, anchorX, positiveY, positiveX, fallback };
}

function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}
