import { z } from 'zod';

export const protocolSchema = z.enum(['hint', 'point', 'oracle', 'direct']);
export type Protocol = z.infer<typeof protocolSchema>;

export const baselineSchema = z.enum(['otsu', 'kmeans_pixels', 'slic', 'felzenszwalb', 'random']);
export type BaselineName = z.infer<typeof baselineSchema>;

/** Evaluation against expert masks (reference §4). */
export const evalConfigSchema = z.strictObject({
  protocols: z.array(protocolSchema).min(1).default(['hint', 'point', 'oracle']),
  baselines: z.array(baselineSchema).default([]),
});
export type EvalConfig = z.infer<typeof evalConfigSchema>;
