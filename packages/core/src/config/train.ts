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
   * Worker threads for data-parallel training (each batch split by images,
   * gradients averaged) and for embedding; 0 = one per core, 1 = this thread
   * only. Results are deterministic for a seed and a worker count.
   * Default 1 until the Dice on retina with 2 workers is measured against 1 worker
   * (each worker's half-batch has its own BatchNorm statistics, so the numbers
   * move); `--workers 0` uses every core.
   */
  workers: z.int().min(0).default(1),
});
/** The `train` section of a parsed config. */
export type TrainConfig = z.infer<typeof trainConfigSchema>;
