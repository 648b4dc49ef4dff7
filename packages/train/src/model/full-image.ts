/**
 * Full-image training forward (`train.inputs: 'full'`), the reference's way of
 * training: every image of the batch goes through the whole encoder ("same"
 * convolutions, replicate padding at every layer), BatchNorm statistics are
 * taken over every pixel of the batch, and the loss reads z at the sampled
 * pixels only. About 100× the work of the window path per iteration; kept
 * for the windows-vs-full ablation and for machines with a fast GPU backend.
 */
import { tf } from '../backend/tf.js';
import type { CutsModel } from './model.js';
import { embeddingDim } from './model.js';
import { normaliseAndActivate, replicatePad, type NormMode } from './encoder.js';

/** Embedding maps [B, H, W, D] of images [B, H, W, C]. Must run inside a tidy/grad scope. */
export function encodeFullImages(model: CutsModel, images: tf.Tensor4D, mode: NormMode): tf.Tensor4D {
  const half = (model.config.kernelSize - 1) / 2;
  let x = images;
  for (const b of model.blocks) {
    const y = tf.add(tf.conv2d(replicatePad(x, half), b.kernel as tf.Tensor4D, 1, 'valid'), b.bias);
    x = normaliseAndActivate(model, b, y, mode);
  }
  return x;
}

/**
 * One-hot selection [B, R, H·W] that reads R pixels of each image:
 * row r of image b picks pixel `pixels[b·R + r]` (a row-major index y·W + x).
 */
export function pixelSelection(
  pixels: Int32Array,
  images: number,
  rowsPerImage: number,
  pixelsPerImage: number,
): Float32Array {
  if (pixels.length !== images * rowsPerImage) {
    throw new RangeError(`pixelSelection: ${pixels.length} pixel indices for ${images}×${rowsPerImage} rows`);
  }
  const out = new Float32Array(images * rowsPerImage * pixelsPerImage);
  for (let row = 0; row < pixels.length; row++) {
    const p = pixels[row];
    if (!(p >= 0 && p < pixelsPerImage))
      throw new RangeError(`pixelSelection: pixel index ${p} outside [0, ${pixelsPerImage})`);
    out[row * pixelsPerImage + p] = 1;
  }
  return out;
}

/**
 * z at the selected pixels, [B·R, D] (image-major rows): a batched matmul of
 * the selection with the flattened maps, differentiable on every backend
 * (gather has no gradient on wasm).
 */
export function embeddingsAt(model: CutsModel, maps: tf.Tensor4D, selection: tf.Tensor3D): tf.Tensor2D {
  const [b, h, w] = maps.shape;
  const d = embeddingDim(model.config);
  const flat = tf.reshape(maps, [b, h * w, d]) as tf.Tensor3D;
  return tf.reshape(tf.matMul(selection, flat), [b * selection.shape[1], d]);
}
