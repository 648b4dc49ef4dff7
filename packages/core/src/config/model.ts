import { z } from 'zod';

/** The CUTS encoder and its patch-reconstruction head (reference §1). */
export const modelConfigSchema = z.strictObject({
  /** Output channels of the four convolutions. */
  channels: z.array(z.int().positive()).min(1).default([16, 32, 64, 128]),
  kernelSize: z
    .int()
    .positive()
    .refine((k) => k % 2 === 1, 'kernel size must be odd')
    .default(5),
  /** LeakyReLU negative slope. */
  leakySlope: z.number().min(0).max(1).default(0.01),
  batchNormEpsilon: z.number().positive().default(1e-5),
  batchNormMomentum: z.number().min(0).max(1).default(0.1),
  /** Side P of the reconstructed patch. */
  patchSize: z
    .int()
    .positive()
    .refine((p) => p % 2 === 1, 'patch size must be odd')
    .default(5),
});
/** The `model` section of a parsed config. */
export type ModelConfig = z.infer<typeof modelConfigSchema>;
