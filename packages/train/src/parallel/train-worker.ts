/**
 * Worker-thread entry for data-parallel training and parallel embedding: one
 * wasm (or other) backend and one model copy per thread. The main thread owns
 * the weights and the optimiser; it sends weights when they change and a
 * shard of each batch, and gets back the shard's gradients, losses and
 * BatchNorm running statistics.
 */
import { parentPort } from 'node:worker_threads';
import { Rng, createImage } from '@cuts/core';
import { tf } from '../backend/tf.js';
import { prepareBackend } from '../backend/backend.js';
import { embedImage, reconstructImage } from '../inference.js';
import { createCutsModel, namedVariables, type CutsModel } from '../model/model.js';
import { batchLoss, uploadBatch } from '../step.js';
import type { FromWorker, ToWorker } from './protocol.js';

const port = parentPort!;
let model: CutsModel | undefined;

function reply(message: FromWorker, transfer: ArrayBuffer[] = []): void {
  port.postMessage(message, transfer);
}

async function handle(msg: ToWorker): Promise<void> {
  if (msg.type === 'init') {
    await prepareBackend(msg.backend);
    model = createCutsModel(msg.inChannels, msg.modelConfig, new Rng(0));
    reply({ type: 'ready' });
    return;
  }
  const m = model!;
  if (msg.type === 'weights') {
    namedVariables(m).forEach((v, i) => tf.tidy(() => v.variable.assign(tf.tensor(msg.values[i], v.variable.shape))));
    return;
  }
  if (msg.type === 'step') {
    const vars = namedVariables(m);
    const trainable = vars.filter((v) => v.trainable).map((v) => v.variable);
    const prepared = uploadBatch(msg.batch, m.config.patchSize);
    try {
      let parts: tf.Scalar[] = [];
      const { value, grads } = tf.variableGrads(() => {
        const p = batchLoss(m, prepared, msg.train, 'train');
        parts = [tf.keep(p.contrastive), tf.keep(p.reconstruction)];
        return p.total;
      }, trainable);
      const gradArrays = trainable.map((v) => grads[v.name].dataSync() as Float32Array);
      const [loss, contrastive, reconstruction] = [value, ...parts].map((t) => t.dataSync()[0]);
      value.dispose();
      for (const p of parts) p.dispose();
      for (const v of trainable) grads[v.name].dispose();
      const state = vars.filter((v) => !v.trainable).map((v) => v.variable.dataSync() as Float32Array);
      const out = [...gradArrays, ...state].map((a) => a.slice());
      reply(
        {
          type: 'step',
          loss,
          contrastive,
          reconstruction,
          grads: out.slice(0, gradArrays.length),
          state: out.slice(gradArrays.length),
        },
        out.map((a) => a.buffer as ArrayBuffer),
      );
    } finally {
      prepared.dispose();
    }
    return;
  }
  const { height, width, channels, data } = msg.image;
  const image = createImage(height, width, channels, data);
  const embedding = embedImage(m, image).data as Float32Array;
  const reconstruction = msg.reconstruct ? (reconstructImage(m, image).data as Float32Array) : undefined;
  reply({ type: 'embed', embedding, ...(reconstruction ? { reconstruction } : {}) }, [
    embedding.buffer as ArrayBuffer,
    ...(reconstruction ? [reconstruction.buffer as ArrayBuffer] : []),
  ]);
}

// Messages are handled one at a time, in order.
let chain = Promise.resolve();
port.on('message', (msg: ToWorker) => {
  chain = chain
    .then(() => handle(msg))
    .catch((err: Error) => reply({ type: 'error', message: err.message, name: err.name }));
});
