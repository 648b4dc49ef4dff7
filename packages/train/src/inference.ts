/**
 * Inference: full-resolution embeddings and the reconstructed image of one
 * image, and loading a trained model from a checkpoint directory.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { CutsInputError, Rng, createEmbeddingMatrix, createImage, type EmbeddingMatrix, type Image } from '@cuts/core';
import { tf } from './backend/tf.js';
import { prepareBackend } from './backend/backend.js';
import { assignCheckpoint, disposeLoaded, readCheckpoint } from './checkpoint/checkpoint.js';
import { encodeImages, foldedConvolutions } from './model/encoder.js';
import { createCutsModel, disposeModel, embeddingDim, type CutsModel } from './model/model.js';

function checkImage(model: CutsModel, image: Image): void {
  if (image.channels !== model.inChannels) {
    throw new CutsInputError(
      `image has ${image.channels} channel(s) but the model was trained on ${model.inChannels}`,
      'image',
    );
  }
}

/** The embedding map [1, H, W, D] of one image (inference-mode BatchNorm). Caller disposes. */
function embeddingMap(model: CutsModel, image: Image): tf.Tensor4D {
  return tf.tidy(() => {
    const x = tf.tensor4d(image.data, [1, image.height, image.width, image.channels]);
    const folded = foldedConvolutions(model);
    return encodeImages(model, x, folded);
  });
}

/** Full-resolution embeddings: Float32 [H·W, D] (row-major pixels, D = 128 by default). */
export function embedImage(model: CutsModel, image: Image): EmbeddingMatrix {
  checkImage(model, image);
  const map = embeddingMap(model, image);
  try {
    return embeddingFromMap(model, image, map);
  } finally {
    map.dispose();
  }
}

function embeddingFromMap(model: CutsModel, image: Image, map: tf.Tensor4D): EmbeddingMatrix {
  const data = (map.dataSync() as Float32Array).slice();
  return createEmbeddingMatrix(image.height * image.width, embeddingDim(model.config), data);
}

/** The reconstructed image: for every pixel, the centre pixel of the patch the head reconstructs from its embedding. */
export function reconstructImage(model: CutsModel, image: Image): Image {
  checkImage(model, image);
  const map = embeddingMap(model, image);
  try {
    return reconstructFromMap(model, image, map);
  } finally {
    map.dispose();
  }
}

/**
 * The embedding and the reconstruction of one image from one encoder pass (each the same,
 * bit for bit, as embedImage and reconstructImage, which run the encoder once each).
 */
export function embedAndReconstruct(
  model: CutsModel,
  image: Image,
): { embedding: EmbeddingMatrix; reconstruction: Image } {
  checkImage(model, image);
  const map = embeddingMap(model, image);
  try {
    return {
      embedding: embeddingFromMap(model, image, map),
      reconstruction: reconstructFromMap(model, image, map),
    };
  } finally {
    map.dispose();
  }
}

function reconstructFromMap(model: CutsModel, image: Image, map: tf.Tensor4D): Image {
  const p = model.config.patchSize;
  const centre = (p >> 1) * p + (p >> 1);
  const columns = Array.from({ length: image.channels }, (_, c) => c * p * p + centre);
  const out = tf.tidy(() => {
    const z = tf.reshape(map, [image.height * image.width, embeddingDim(model.config)]);
    const h = model.head;
    const hidden = tf.leakyRelu(tf.add(tf.matMul(z, h.kernel1), h.bias1), model.config.leakySlope);
    const idx = tf.tensor1d(columns, 'int32');
    return tf.add(tf.matMul(hidden, tf.gather(h.kernel2, idx, 1)), tf.gather(h.bias2, idx));
  });
  const data = (out.dataSync() as Float32Array).slice();
  out.dispose();
  return createImage(image.height, image.width, image.channels, data);
}

/**
 * Loads a model from a checkpoint directory: `dir` itself when it holds
 * model.json, else `dir/best` (a training run's directory).
 */
export async function loadCutsModel(dir: string): Promise<CutsModel> {
  await prepareBackend('auto');
  const target = existsSync(path.join(dir, 'model.json')) ? dir : path.join(dir, 'best');
  const loaded = await readCheckpoint(target);
  try {
    const model = createCutsModel(loaded.json.inChannels, loaded.json.modelConfig, new Rng(0));
    try {
      assignCheckpoint(loaded, model, undefined, path.join(target, 'model.json'));
    } catch (err) {
      disposeModel(model);
      throw err;
    }
    return model;
  } finally {
    disposeLoaded(loaded);
  }
}
