/**
 * Pluggable patch augmentation: extra positive views of an anchor's
 * receptive-field window (the pixel at the window centre is the same pixel,
 * so its embedding should agree with the anchor's). Works in place on small
 * HWC windows (17×17×C), never on whole images.
 *
 * A view applies ONE geometric transform chosen uniformly among the enabled
 * ones (horizontal flip, vertical flip, rotation by 90°·k, k ∈ {1,2,3}), then
 * every enabled photometric transform (brightness/contrast/colour jitter,
 * Gaussian noise), each with freshly drawn parameters; values are clipped to
 * the model's input range [-1, 1].
 */
import type { AugmentConfig, Rng } from '@cuts/core';

/** One augmentation of an anchor window for the contrastive views (geometric or photometric). */
export interface PatchAugmentation {
  readonly name: string;
  /** Geometric transforms are alternatives (one per view); photometric ones all apply. */
  readonly kind: 'geometric' | 'photometric';
  /** Transforms a `side × side × channels` HWC window in place. */
  apply(window: Float32Array, side: number, channels: number, rng: Rng): void;
}

/** Rewrites `window` so that out(y, x) = in(map(y, x)). */
function remap(window: Float32Array, side: number, channels: number, map: (y: number, x: number) => number): void {
  const copy = window.slice(0, side * side * channels);
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      const src = map(y, x) * channels;
      const dst = (y * side + x) * channels;
      for (let c = 0; c < channels; c++) window[dst + c] = copy[src + c];
    }
  }
}

export const horizontalFlip: PatchAugmentation = {
  name: 'hflip',
  kind: 'geometric',
  apply: (w, side, ch) => remap(w, side, ch, (y, x) => y * side + (side - 1 - x)),
};

export const verticalFlip: PatchAugmentation = {
  name: 'vflip',
  kind: 'geometric',
  apply: (w, side, ch) => remap(w, side, ch, (y, x) => (side - 1 - y) * side + x),
};

/** Counter-clockwise rotation by 90°·k as numpy.rot90: out[y, x] = in[x, n−1−y] for k = 1. */
export function rotate90(window: Float32Array, side: number, channels: number, k: number): void {
  const turns = ((k % 4) + 4) % 4;
  for (let t = 0; t < turns; t++) remap(window, side, channels, (y, x) => x * side + (side - 1 - y));
}

export const rotation90: PatchAugmentation = {
  name: 'rot90',
  kind: 'geometric',
  apply: (w, side, ch, rng) => rotate90(w, side, ch, rng.int(1, 4)),
};

function clip(v: number): number {
  return v < -1 ? -1 : v > 1 ? 1 : v;
}

export interface JitterOptions {
  readonly brightness: number;
  readonly contrast: number;
  readonly colour: number;
}

/** v ← ((v − mean)·contrast + mean)·colour_c + brightness, clipped to [-1, 1]. */
export function colourJitter(options: JitterOptions): PatchAugmentation {
  return {
    name: 'jitter',
    kind: 'photometric',
    apply(w, side, ch, rng) {
      const n = side * side * ch;
      let mean = 0;
      for (let i = 0; i < n; i++) mean += w[i];
      mean /= n;
      const contrast = rng.uniform(1 - options.contrast, 1 + options.contrast);
      const brightness = rng.uniform(-options.brightness, options.brightness);
      const colour = Array.from({ length: ch }, () => rng.uniform(1 - options.colour, 1 + options.colour));
      for (let i = 0; i < n; i++) {
        w[i] = clip(((w[i] - mean) * contrast + mean) * colour[i % ch] + brightness);
      }
    },
  };
}

/** Adds N(0, std²) noise to every value, clipped to [-1, 1]. */
export function gaussianNoise(std: number): PatchAugmentation {
  return {
    name: 'noise',
    kind: 'photometric',
    apply(w, side, ch, rng) {
      const n = side * side * ch;
      for (let i = 0; i < n; i++) w[i] = clip(w[i] + rng.normal(0, std));
    },
  };
}

/** The augmentations a config section switches on, in a fixed order. Empty = none (the default). */
export function buildAugmentations(config: AugmentConfig): PatchAugmentation[] {
  const out: PatchAugmentation[] = [];
  if (config.hflip) out.push(horizontalFlip);
  if (config.vflip) out.push(verticalFlip);
  if (config.rot90) out.push(rotation90);
  if (config.jitter.enabled) out.push(colourJitter(config.jitter));
  if (config.noise.enabled) out.push(gaussianNoise(config.noise.std));
  return out;
}

/** Turns a copy of an anchor window into one augmented view, in place. */
export function augmentView(
  window: Float32Array,
  side: number,
  channels: number,
  augmentations: readonly PatchAugmentation[],
  rng: Rng,
): void {
  const geometric = augmentations.filter((a) => a.kind === 'geometric');
  if (geometric.length > 0) geometric[rng.int(0, geometric.length)].apply(window, side, channels, rng);
  for (const a of augmentations) if (a.kind === 'photometric') a.apply(window, side, channels, rng);
}
