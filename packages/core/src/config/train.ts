import { z } from 'zod';

/** Objective and optimisation (reference §2). */
export const trainConfigSchema = z.strictObject({
  /** L = λ·NT-Xent + (1−λ)·MSE. */
  lambda: z.number().min(0).max(1).default(0.001),
  temperature: z.number().positive().default(0.1),
  learningRate: z.number().positive().default(1e-3),
  weightDecay: z.number().min(0).default(1e-4),
  warmupEpochs: z.int().min(0).default(10),
  warmupStartLr: z.number().min(0).default(1e-6),
  epochs: z.int().min(1).default(200),
  batchSize: z.int().min(1).default(16),
  /** Fraction of images held out for validation (checkpoint selection). */
  validationFraction: z.number().min(0).max(0.9).default(0.3),
  /**
   * Iterations per epoch; 0 = one pass over the training images (the last
   * batch may be smaller).
   */
  iterationsPerEpoch: z.int().min(0).default(0),
  /**
   * What the encoder sees in training: `windows` (default) — the 17×17
   * receptive-field window around each sampled pixel, BatchNorm statistics over
   * those windows; `full` — whole images with replicate padding at every layer,
   * BatchNorm statistics over every pixel (the reference's way, ≈100× the work).
   */
  inputs: z.enum(['windows', 'full']).default('windows'),
  /**
   * Shards of each window batch (by images) for data-parallel training: each
   * shard has its own BatchNorm batch statistics ("ghost batch norm") and the
   * shards' gradients are averaged by image count before one optimiser step.
   * The result depends on this number, not on `workers`, so a run is the same
   * on 1 thread or many. 1 = one forward pass over the whole batch.
   * (`inputs: full` always takes whole-batch steps.)
   */
  shards: z.int().min(1).default(2),
  /**
   * Threads that compute the shards (this thread and workers-1 worker
   * threads) and that embed images; 0 = one per core, 1 = this thread only.
   * Only speed depends on it: results are identical for every value.
   */
  workers: z.int().min(0).default(0),
});
/** The `train` section of a parsed config. */
export type TrainConfig = z.infer<typeof trainConfigSchema>;
