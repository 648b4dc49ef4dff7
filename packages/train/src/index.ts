/**
 * `@cuts/train`: the CUTS encoder and its training on tfjs (NT-Xent +
 * patch-reconstruction loss, AdamW, checkpoints), embedding inference, the
 * worker-thread pool, and tensor-backend selection (`selectBackend`, `tf`).
 * Lower-level pieces (training steps, losses, gradient kernels) are internal.
 *
 * @packageDocumentation
 */

// Training
export { trainCuts, TrainingDivergedError, type TrainCutsOptions, type TrainCutsResult } from './train.js';
export type { HistoryEntry } from './checkpoint/checkpoint.js';

// The model and inference
export {
  countParameters,
  createCutsModel,
  disposeModel,
  embeddingDim,
  receptiveRadius,
  type ConvBlock,
  type CutsModel,
  type ReconstructionHead,
} from './model/model.js';
export { embedAndReconstruct, embedImage, loadCutsModel, reconstructImage } from './inference.js';
export { ParallelPool, resolveWorkers, type EmbedResult } from './parallel/pool.js';

// Tensor backends
export { currentBackend, selectBackend, type BackendChoice } from './backend/select.js';
export { prepareBackend } from './backend/backend.js';
export { tf } from './backend/tf.js';
