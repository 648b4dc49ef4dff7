import { z } from 'zod';

/** Anchor/positive sampling (reference §2). */
export const samplerConfigSchema = z.strictObject({
  /** Anchors S per image. */
  anchorsPerImage: z.int().min(2).default(8),
  /** Positives are drawn within ±radius px of the anchor (the reference: P = 5). */
  positiveRadius: z.int().min(1).default(5),
  maxTries: z.int().min(1).default(20),
  ssimThreshold: z.number().min(-1).max(1).default(0.5),
  ssimWindow: z.int().min(1).default(5),
  /**
   * Two sampled rows of one image whose P×P patches differ by at most this mean squared
   * difference (input scale [-1, 1]) are not negatives of each other, e.g. two anchors in
   * a flat background; 0 keeps every pair (the reference).
   */
  duplicateMse: z.number().min(0).default(0),
});
/** The `sampler` section of a parsed config. */
export type SamplerConfig = z.infer<typeof samplerConfigSchema>;

/** Extra positive views of an anchor's window. Default: none (the published recipe). */
export const augmentConfigSchema = z.strictObject({
  hflip: z.boolean().default(false),
  vflip: z.boolean().default(false),
  rot90: z.boolean().default(false),
  jitter: z
    .strictObject({
      enabled: z.boolean().default(false),
      /** Additive brightness shift, uniform in ±brightness (input scale [-1, 1]). */
      brightness: z.number().min(0).default(0.1),
      /** Multiplicative contrast, uniform in 1 ± contrast. */
      contrast: z.number().min(0).default(0.1),
      /** Per-channel multiplicative colour change, uniform in 1 ± colour. */
      colour: z.number().min(0).default(0.05),
    })
    .prefault({}),
  noise: z
    .strictObject({
      enabled: z.boolean().default(false),
      std: z.number().min(0).default(0.05),
    })
    .prefault({}),
});
/** The `augment` section of a parsed config. */
export type AugmentConfig = z.infer<typeof augmentConfigSchema>;
