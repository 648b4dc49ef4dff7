/** One entry point for the classical baselines (reference §7), by name. */
import { CutsInputError } from '@cuts/core/browser';
import type { BaselineName, EvalConfig, Image, LabelMap } from '@cuts/core/browser';
import { FELZENSZWALB_PRESETS, felzenszwalb } from './felzenszwalb.js';
import type { FelzenszwalbOptions } from './felzenszwalb.js';
import { toBaselineUint8 } from './input.js';
import { kmeansPixels } from './kmeans-pixels.js';
import type { KmeansPixelsOptions } from './kmeans-pixels.js';
import { otsu } from './otsu.js';
import { randomLabels } from './random.js';
import type { RandomOptions } from './random.js';
import { slic } from './slic.js';
import type { SlicOptions } from './slic.js';

export type { BaselineName } from '@cuts/core/browser';
/** Every baseline name. */
export const BASELINES: readonly BaselineName[] = ['otsu', 'kmeans_pixels', 'slic', 'felzenszwalb', 'random'];

/** Options of {@link runBaseline}; each baseline reads its own field. */
export interface BaselineOptions {
  /** Seed for kmeans_pixels and random (default 0). */
  readonly seed?: number;
  /** Reproduce the reference's float32 round-trip rounding of the input (default true; see input.ts). */
  readonly referenceRounding?: boolean;
  readonly slic?: SlicOptions;
  /** Default: the retina preset (scale 200, σ 1.0, min size 10); FELZENSZWALB_PRESETS.default is (1, 0.8, 10). */
  readonly felzenszwalb?: FelzenszwalbOptions;
  readonly kmeansPixels?: Omit<KmeansPixelsOptions, 'seed'>;
  readonly random?: Omit<RandomOptions, 'seed'>;
}

/**
 * Segments a model input (H×W×C float32 in [-1, 1]; 1, 3 or 4 channels) with a
 * classical baseline. The result is a label map; turn it into a mask with a protocol.
 */
export function runBaseline(name: BaselineName, image: Image, options: BaselineOptions = {}): LabelMap {
  const input = toBaselineUint8(image, { referenceRounding: options.referenceRounding });
  switch (name) {
    case 'otsu':
      return otsu(input);
    case 'kmeans_pixels':
      return kmeansPixels(input, { ...options.kmeansPixels, seed: options.seed ?? 0 });
    case 'slic':
      return slic(input, options.slic);
    case 'felzenszwalb':
      return felzenszwalb(input, { ...FELZENSZWALB_PRESETS.retina, ...options.felzenszwalb });
    case 'random':
      return randomLabels(image.height, image.width, { ...options.random, seed: options.seed ?? 0 });
    default:
      throw new CutsInputError(
        `unknown baseline "${name as string}" (expected one of ${BASELINES.join(', ')})`,
        'eval.baselines',
      );
  }
}

/** Baseline options from the `eval` section of a CUTS config and the run's seed. */
export function baselineOptionsFromConfig(config: EvalConfig, seed: number): BaselineOptions {
  return {
    seed,
    referenceRounding: config.referenceRounding,
    slic: config.slic,
    felzenszwalb: config.felzenszwalb,
    kmeansPixels: config.kmeansPixels,
    random: config.random,
  };
}
