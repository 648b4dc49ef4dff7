/**
 * Worker-thread entry for data-parallel training and parallel embedding: one
 * wasm (or other) backend and one model copy per thread. The main thread owns
 * the weights and the optimiser; it sends weights when they change and
 * shards of each batch, and gets back each shard's gradients, losses and
 * BatchNorm running statistics (computeShard, the same code the main thread
 * runs for its own shards).
 */
import { parentPort } from 'node:worker_threads';
import { Rng, createImage } from '@cuts/core';
import { tf } from '../backend/tf.js';
import { prepareBackend } from '../backend/backend.js';
import { embedAndReconstruct, embedImage } from '../inference.js';
import { createCutsModel, namedVariables, type CutsModel } from '../model/model.js';
import { computeShard, evaluateShard } from './sharded-step.js';
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
    const r = computeShard(m, msg.batch, msg.train);
    reply(
      { type: 'step', ...r },
      [...r.grads, ...r.state].map((a) => a.buffer as ArrayBuffer),
    );
    return;
  }
  if (msg.type === 'evaluate') {
    reply({ type: 'evaluate', ...evaluateShard(m, msg.batch, msg.train) });
    return;
  }
  const { height, width, channels, data } = msg.image;
  const image = createImage(height, width, channels, data);
  const both = msg.reconstruct ? embedAndReconstruct(m, image) : undefined;
  const embedding = (both?.embedding ?? embedImage(m, image)).data as Float32Array;
  const reconstruction = both?.reconstruction.data as Float32Array | undefined;
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
