import { z } from 'zod';

/** Stage 2: clustering each image's embedding matrix (reference §3). */
export const clusterConfigSchema = z.strictObject({
  kmeans: z
    .strictObject({
      k: z.int().min(1).default(10),
      restarts: z.int().min(1).default(10),
      maxIterations: z.int().min(1).default(300),
      tolerance: z.number().min(0).default(1e-6),
    })
    .prefault({}),
  spectral: z
    .strictObject({
      k: z.int().min(1).default(10),
      knn: z.int().min(1).default(100),
      decay: z.number().positive().default(40),
      landmarks: z.int().min(2).default(500),
      t: z.int().min(1).default(2),
    })
    .prefault({}),
  diffusion: z
    .strictObject({
      pcaComponents: z.int().min(1).default(100),
      knn: z.int().min(1).default(100),
      landmarks: z.int().min(2).default(2000),
      maxComponents: z.int().min(1).default(25),
      minExplainedVariance: z.number().min(0).max(1).default(0.01),
      bandwidthGrowth: z.number().gt(1).default(1.025),
      mergePercentile: z.number().min(0).max(100).default(0.001),
      mergeOffset: z.number().min(0).default(0.001),
      condensationKnn: z.int().min(1).default(5),
    })
    .prefault({}),
  persistent: z
    .strictObject({
      minPersistence: z.int().min(1).default(2),
      minAreaFraction: z.number().min(0).max(1).default(0.01),
    })
    .prefault({}),
  /** Worker threads for per-image clustering; 0 = one per core. */
  workers: z.int().min(0).default(0),
});
export type ClusterConfig = z.infer<typeof clusterConfigSchema>;
