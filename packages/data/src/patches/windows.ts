/**
 * Receptive-field windows for window-based training: for every sampled pixel,
 * the (2r+1)² input window centred on it, read from the image with replicate
 * padding (coordinates clamped to the border), packed into one Float32Array
 * [count, side, side, C] so the whole batch is uploaded to the tensor backend
 * in a single copy.
 */
import type { Image, Rng } from '@cuts/core';
import { augmentView, type PatchAugmentation } from './augment.js';
import { duplicatePairs } from './duplicates.js';
import type { PositionSample } from './sampler.js';
import { readPatch } from './ssim.js';

/** Options of `buildWindowBatch`: window radius, patch size, augmentations. */
export interface WindowBatchOptions {
  /** Window radius r (the encoder's receptive-field radius: 8 for four 5×5 convs). */
  readonly radius: number;
  /** Side P of the reconstruction targets cut around each anchor. */
  readonly patchSize: number;
  /** Extra positive views of each anchor (empty/undefined: none). */
  readonly augmentations?: readonly PatchAugmentation[];
  /** Draws the augmentation parameters; required when augmentations are given. */
  readonly rng?: Rng;
  /**
   * Rows of one image whose P×P patches differ by at most this mean squared difference
   * are not negatives of each other (`duplicatePairs`); 0 or undefined: every pair is.
   */
  readonly duplicateMse?: number;
}

/** The windows around sampled anchors and positives, with reconstruction targets, ready for the encoder. */
export interface WindowBatch {
  /** [count, side, side, channels], HWC per window. */
  readonly windows: Float32Array;
  readonly count: number;
  readonly side: number;
  readonly channels: number;
  readonly images: number;
  /** Rows per image: S anchors, then S positives, then S views when augmenting. */
  readonly rowsPerImage: number;
  /** For each row of an image, the anchor it belongs to (rows of one group are positives of each other). */
  readonly groups: Int32Array;
  /** Reconstruction targets: [images·S, C·P·P], channel-major (c, y, x) patches around the anchors. */
  readonly targets: Float32Array;
  /**
   * [images, rowsPerImage, rowsPerImage]: 1 where two rows of an image are near-duplicate
   * patches and so not negatives of each other; absent when there are none.
   */
  readonly duplicates?: Uint8Array;
}

/** Copies the replicate-padded window centred on (cy, cx) into `out` at `offset`. */
export function readWindow(
  image: Image,
  cy: number,
  cx: number,
  radius: number,
  out: Float32Array,
  offset: number,
): void {
  const { height: h, width: w, channels: c, data } = image;
  let o = offset;
  for (let dy = -radius; dy <= radius; dy++) {
    const y = cy + dy < 0 ? 0 : cy + dy >= h ? h - 1 : cy + dy;
    const row = y * w;
    for (let dx = -radius; dx <= radius; dx++) {
      const x = cx + dx < 0 ? 0 : cx + dx >= w ? w - 1 : cx + dx;
      let i = (row + x) * c;
      for (let k = 0; k < c; k++) out[o++] = data[i++];
    }
  }
}

/** Packs the windows (anchors, positives, augmented views) and targets of a sample. */
export function buildWindowBatch(
  images: readonly Image[],
  sample: PositionSample,
  options: WindowBatchOptions,
): WindowBatch {
  if (images.length !== sample.images) throw new RangeError(`sample has ${sample.images} images, got ${images.length}`);
  const channels = images[0]?.channels ?? 1;
  for (const im of images) {
    if (im.channels !== channels)
      throw new RangeError(`all images of a batch need the same channel count (${channels} vs ${im.channels})`);
  }
  const augs = options.augmentations ?? [];
  if (augs.length > 0 && !options.rng) throw new RangeError('buildWindowBatch: augmentations need an rng');
  const s = sample.anchorsPerImage;
  const views = augs.length > 0 ? 1 : 0;
  const rowsPerImage = (2 + views) * s;
  const side = 2 * options.radius + 1;
  const winSize = side * side * channels;
  const count = images.length * rowsPerImage;
  const windows = new Float32Array(count * winSize);
  const p = options.patchSize;
  const half = p >> 1;
  const targetSize = channels * p * p;
  const targets = new Float32Array(images.length * s * targetSize);
  const target = new Float32Array(targetSize);

  for (let b = 0; b < images.length; b++) {
    const image = images[b];
    const base = b * rowsPerImage;
    for (let i = 0; i < s; i++) {
      const k = b * s + i;
      const anchorOffset = (base + i) * winSize;
      readWindow(image, sample.anchorY[k], sample.anchorX[k], options.radius, windows, anchorOffset);
      readWindow(image, sample.positiveY[k], sample.positiveX[k], options.radius, windows, (base + s + i) * winSize);
      if (views > 0) {
        const viewOffset = (base + 2 * s + i) * winSize;
        windows.copyWithin(viewOffset, anchorOffset, anchorOffset + winSize);
        augmentView(windows.subarray(viewOffset, viewOffset + winSize), side, channels, augs, options.rng!);
      }
      readPatch(image.data, image.width, channels, sample.anchorY[k] - half, sample.anchorX[k] - half, p, target);
      targets.set(target, k * targetSize);
    }
  }
  const groups = new Int32Array(rowsPerImage);
  for (let r = 0; r < rowsPerImage; r++) groups[r] = r % s;
  const duplicates = duplicatePairs(images, sample, rowsPerImage, p, options.duplicateMse ?? 0);
  return { windows, count, side, channels, images: images.length, rowsPerImage, groups, targets, duplicates };
}
