/**
 * `@cuts/baselines`: the classical segmenters the CUTS maps are compared with
 * (reference §7): Otsu, pixel k-means, SLIC, Felzenszwalb–Huttenlocher and
 * random labels. Each turns an image into a label map; scoring a label map
 * against a mask is `@cuts/eval`'s job.
 *
 * @packageDocumentation
 */

/**
 * Runs a baseline by name on a model input (H×W×C float32 in [-1, 1]):
 * `runBaseline(name, image, options) → LabelMap`. `BASELINES` lists the names,
 * `baselineOptionsFromConfig` maps a CUTS config's `eval` section and seed to options.
 */
export { BASELINES, baselineOptionsFromConfig, runBaseline } from './run.js';
export type { BaselineName, BaselineOptions } from './run.js';

/**
 * The 8-bit image the reference baselines saw: `toBaselineUint8` converts a model
 * input, reproducing the reference's float32 round trip (`REFERENCE_ROUND_TRIP`) by default.
 */
export { REFERENCE_ROUND_TRIP, toBaselineUint8 } from './input.js';
export type { BaselineInputOptions, Uint8Image } from './input.js';

/** Otsu's threshold on OpenCV's grey conversion after a 3×3 Gaussian blur: 2 classes. */
export { otsu } from './otsu.js';

/** k-means on the pixel values (k = 10, 10 restarts), through `@cuts/cluster`'s k-means. */
export { kmeansPixels, kmeansPixelsDefaults } from './kmeans-pixels.js';
export type { KmeansPixelsOptions } from './kmeans-pixels.js';

/** SLIC superpixels in CIELAB with scikit-image's grid and connectivity enforcement. */
export { slic } from './slic.js';
export type { SlicOptions } from './slic.js';

/** Felzenszwalb–Huttenlocher graph segmentation; `FELZENSZWALB_PRESETS` holds the paper's settings. */
export { FELZENSZWALB_PRESETS, felzenszwalb } from './felzenszwalb.js';
export type { FelzenszwalbOptions } from './felzenszwalb.js';

/** Uniform random labels (2 classes by default), seeded. */
export { randomLabels } from './random.js';
export type { RandomOptions } from './random.js';
