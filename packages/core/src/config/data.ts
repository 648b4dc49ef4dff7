import { z } from 'zod';

/** Preprocessing: how source images become model input. */
export const dataConfigSchema = z.strictObject({
  /** Side of the square model input (the paper: 128). */
  imageSize: z.int().min(17).max(4096).default(128),
  /**
   * How intensities map to [-1, 1]:
   * - `auto`: 8-bit images x/255·2−1, everything else `minmax`;
   * - `minmax`: (x − min)/(max − min)·2 − 1 per image;
   * - `p99`: min–max between the 1st and 99th percentile, clipped.
   */
  intensity: z.enum(['auto', 'minmax', 'p99']).default('auto'),
  /** Axial slice of a 3D NIfTI volume; default the middle slice. */
  niftiSlice: z.int().min(0).optional(),
  /** Fail when an image has no mask (evaluation runs), instead of going on without one. */
  requireMasks: z.boolean().default(false),
});
export type DataConfig = z.infer<typeof dataConfigSchema>;
