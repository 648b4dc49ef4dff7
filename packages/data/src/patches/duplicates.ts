/**
 * Near-duplicate negatives: pairs of sampled rows of one image whose P×P patches are
 * (almost) the same pixels, e.g. two anchors in a flat black background.
 *
 * NT-Xent treats every other anchor and positive of the image as a negative. Two
 * anchors in the same flat background have identical patches, so the loss can only
 * tell them apart by what their receptive fields see further out (how far the skull
 * or the scan's edge is), and it learns exactly that: bands that follow the edge,
 * which the clustering then spends its clusters on. A pair marked here is left out of
 * each other's denominator (never a positive either): a patch is not pushed away from
 * its own copy.
 */
import type { Image } from '@cuts/core';
import type { PositionSample } from './sampler.js';
import { readPatch } from './ssim.js';

/**
 * For each image, an R × R mask (R = rowsPerImage; rows: S anchors, S positives, then
 * S augmented views, which use their anchor's patch) with 1 where rows i ≠ j belong to
 * different anchors and their P×P patches differ by a mean squared difference of at most
 * `maxMse` (input scale). `undefined` when `maxMse` ≤ 0 or no pair qualifies.
 */
export function duplicatePairs(
  images: readonly Pick<Image, 'width' | 'channels' | 'data'>[],
  sample: PositionSample,
  rowsPerImage: number,
  patchSize: number,
  maxMse: number,
): Uint8Array | undefined {
  if (!(maxMse > 0)) return undefined;
  const s = sample.anchorsPerImage;
  if (rowsPerImage % s !== 0) throw new RangeError(`${rowsPerImage} rows per image is not a multiple of ${s} anchors`);
  const half = patchSize >> 1;
  const r = rowsPerImage;
  const mask = new Uint8Array(images.length * r * r);
  let any = false;
  for (let b = 0; b < images.length; b++) {
    const image = images[b];
    const size = image.channels * patchSize * patchSize;
    const patches = new Float32Array(r * size);
    for (let row = 0; row < r; row++) {
      const k = b * s + (row % s);
      const positive = row >= s && row < 2 * s;
      const y = positive ? sample.positiveY[k] : sample.anchorY[k];
      const x = positive ? sample.positiveX[k] : sample.anchorX[k];
      readPatch(image.data, image.width, image.channels, y - half, x - half, patchSize, patches.subarray(row * size));
    }
    const base = b * r * r;
    for (let i = 0; i < r; i++) {
      for (let j = i + 1; j < r; j++) {
        if (i % s === j % s) continue; // same anchor: positives of each other
        let sum = 0;
        for (let t = 0, pi = i * size, pj = j * size; t < size; t++) {
          const d = patches[pi + t] - patches[pj + t];
          sum += d * d;
        }
        if (sum / size <= maxMse) {
          mask[base + i * r + j] = 1;
          mask[base + j * r + i] = 1;
          any = true;
        }
      }
    }
  }
  return any ? mask : undefined;
}
