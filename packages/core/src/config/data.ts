import { z } from 'zod';

/**
 * One rule pairing image files with mask files by a shared key. Patterns are
 * regular expressions matched against file names (not paths); the key is the
 * named group `key`, else the first group, else the whole name without extension.
 */
export const pairingRuleSchema = z.strictObject({
  /** Shown in logs. */
  name: z.string().default('custom'),
  /** Folder of the images, relative to the dataset folder ('.' = the folder itself). */
  imageDir: z.string().default('.'),
  /** Folder of the masks, relative to the dataset folder; default: same as imageDir. */
  maskDir: z.string().optional(),
  imagePattern: z.string().min(1),
  /** Without it, images have no masks. */
  maskPattern: z.string().min(1).optional(),
});
/** A rule pairing images with masks by a key taken from file names (see @cuts/data). */
export type PairingRule = z.infer<typeof pairingRuleSchema>;
/** A pairing rule as a user writes it (optional fields may be left out). */
export type PairingRuleInput = z.input<typeof pairingRuleSchema>;

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
  /**
   * 3D volumes (NIfTI with more than one slice, DICOM series) are split into 2D
   * slices along this anatomical axis, worked out from the affine (the voxel
   * axis closest to the world S/I, A/P or L/R axis). Ignored when niftiSlice is set.
   */
  sliceAxis: z.enum(['axial', 'coronal', 'sagittal']).default('axial'),
  /** Which volume of a 4D NIfTI to read (4D input without it is an error). */
  volumeIndex: z.int().min(0).optional(),
  /**
   * Decode limit: images (or NIfTI slices) of more pixels (width × height) are
   * refused before decoding; default 50 million (see @cuts/data).
   */
  maxPixels: z.int().min(1).optional(),
  /** Fail when an image has no mask (evaluation runs), instead of going on without one. */
  requireMasks: z.boolean().default(false),
  /**
   * How images pair with masks: `auto` picks the built-in rule that pairs the
   * most files (images/imageN ↔ masks/labelN, images/X ↔ masks/X, X ↔ X_seg);
   * a list of rules is applied in order, each image taken by the first rule that matches it.
   */
  pairing: z.union([z.literal('auto'), z.array(pairingRuleSchema).min(1)]).default('auto'),
});
/** The `data` section of a parsed config. */
export type DataConfig = z.infer<typeof dataConfigSchema>;
