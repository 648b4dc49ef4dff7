import { z } from 'zod';

/** The cluster-to-mask protocols: `hint`, `point`, `oracle`, `direct`. */
export const protocolSchema = z.enum(['hint', 'point', 'oracle', 'direct']);
/** A cluster-to-mask protocol name. */
export type Protocol = z.infer<typeof protocolSchema>;

/** The classical baselines: `otsu`, `kmeans_pixels`, `slic`, `felzenszwalb`, `random`. */
export const baselineSchema = z.enum(['otsu', 'kmeans_pixels', 'slic', 'felzenszwalb', 'random']);
/** A classical baseline name. */
export type BaselineName = z.infer<typeof baselineSchema>;

/** Evaluation against expert masks (reference §4) and the classical baselines (§7). */
export const evalConfigSchema = z.strictObject({
  protocols: z.array(protocolSchema).min(1).default(['hint', 'point', 'oracle']),
  baselines: z.array(baselineSchema).default([]),
  /**
   * When masks exist, also score the controls beside the CUTS maps: the same
   * clustering on raw pixels (no training) and the classical baselines, so every
   * report shows whether the learning paid on that data.
   */
  controls: z.boolean().default(true),
  /** Reproduce the reference's float32 [-1, 1] → uint8 rounding of baseline inputs (lowers 95 grey levels by one). */
  referenceRounding: z.boolean().default(true),
  slic: z
    .strictObject({
      nSegments: z.int().min(1).default(10),
      compactness: z.number().positive().default(10),
      maxIterations: z.int().min(1).default(10),
    })
    .prefault({}),
  /** Default: the paper's retina setting; its setting for the other datasets is scale 1, σ 0.8, min size 10. */
  felzenszwalb: z
    .strictObject({
      scale: z.number().positive().default(200),
      sigma: z.number().min(0).default(1.0),
      minSize: z.int().min(1).default(10),
    })
    .prefault({}),
  kmeansPixels: z
    .strictObject({
      k: z.int().min(1).default(10),
      restarts: z.int().min(1).default(10),
    })
    .prefault({}),
  random: z.strictObject({ classes: z.int().min(2).default(2) }).prefault({}),
});
/** The `eval` section of a parsed config. */
export type EvalConfig = z.infer<typeof evalConfigSchema>;
