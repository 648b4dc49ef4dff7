/**
 * Felzenszwalb–Huttenlocher graph segmentation ("Efficient Graph-Based Image
 * Segmentation", IJCV 2004) with scikit-image 0.19's semantics: image → float
 * [0, 1], each channel smoothed with scipy's Gaussian (σ), an 8-connected grid
 * graph weighted by the Euclidean colour distance, edges in increasing weight,
 * merge when w ≤ min(Int(C1) + k/|C1|, Int(C2) + k/|C2|) with k = scale/255
 * (thresholds held in float32 as in skimage's Cython), then components smaller
 * than `minSize` merged along the sorted edges.
 *
 * Hand-written: no maintained npm package implements it.
 */
import { createLabelMap } from '@cuts/core/browser';
import type { LabelMap } from '@cuts/core/browser';
import { gaussianFilter } from './gaussian.js';
import { unitFloatChannels } from './input.js';
import type { Uint8Image } from './input.js';

/** Options of {@link felzenszwalb}; unset fields take `FELZENSZWALB_PRESETS.default`. */
export interface FelzenszwalbOptions {
  /** Higher = larger segments (default 1; the paper's retina setting is 200). */
  readonly scale?: number;
  /** Gaussian pre-smoothing σ (default 0.8; retina 1.0). */
  readonly sigma?: number;
  /** Minimum component size, enforced in post-processing (default 10). */
  readonly minSize?: number;
}

/** The two settings of reference §7. */
export const FELZENSZWALB_PRESETS = {
  retina: { scale: 200, sigma: 1.0, minSize: 10 },
  default: { scale: 1, sigma: 0.8, minSize: 10 },
} as const satisfies Record<string, Required<FelzenszwalbOptions>>;

function findRoot(forest: Int32Array, n: number): number {
  let root = n;
  while (forest[root] !== root) root = forest[root];
  // path compression (does not change the partition)
  let i = n;
  while (forest[i] !== root) {
    const next = forest[i];
    forest[i] = root;
    i = next;
  }
  return root;
}

/**
 * Felzenszwalb–Huttenlocher graph segmentation of an 8-bit image (scikit-image's
 * `felzenszwalb` semantics, graph on the 8-neighbourhood): one id per segment.
 */
export function felzenszwalb(image: Uint8Image, options: FelzenszwalbOptions = {}): LabelMap {
  const scale = (options.scale ?? 1) / 255;
  const sigma = options.sigma ?? 0.8;
  const minSize = options.minSize ?? 10;
  const { height, width } = image;
  const { data: raw, channels } = unitFloatChannels(image);
  const img = gaussianFilter(raw, height, width, channels, sigma);
  const n = height * width;

  // Edges in skimage's order: right, down, down-right, up-right (a = first endpoint, b = second).
  const m = height * (width - 1) + (height - 1) * width + 2 * (height - 1) * (width - 1);
  const ea = new Int32Array(m);
  const eb = new Int32Array(m);
  const cost = new Float64Array(m);
  let e = 0;
  const add = (a: number, b: number) => {
    let s = 0;
    for (let c = 0; c < channels; c++) {
      const d = img[a * channels + c] - img[b * channels + c];
      s += d * d;
    }
    ea[e] = a;
    eb[e] = b;
    cost[e] = Math.sqrt(s);
    e++;
  };
  for (let y = 0; y < height; y++) for (let x = 0; x < width - 1; x++) add(y * width + x + 1, y * width + x);
  for (let y = 0; y < height - 1; y++) for (let x = 0; x < width; x++) add((y + 1) * width + x, y * width + x);
  for (let y = 0; y < height - 1; y++) for (let x = 0; x < width - 1; x++) add((y + 1) * width + x + 1, y * width + x);
  for (let y = 0; y < height - 1; y++) for (let x = 0; x < width - 1; x++) add(y * width + x + 1, (y + 1) * width + x);

  const order = new Uint32Array(m);
  for (let i = 0; i < m; i++) order[i] = i;
  order.sort((i, j) => cost[i] - cost[j] || i - j);

  const forest = new Int32Array(n);
  for (let i = 0; i < n; i++) forest[i] = i;
  const size = new Int32Array(n).fill(1);
  const internal = new Float64Array(n);
  const join = (r0: number, r1: number): number => {
    const root = Math.min(r0, r1);
    const other = Math.max(r0, r1);
    forest[other] = root;
    size[root] = size[r0] + size[r1];
    return root;
  };
  for (let t = 0; t < m; t++) {
    const k = order[t];
    const s0 = findRoot(forest, ea[k]);
    const s1 = findRoot(forest, eb[k]);
    if (s0 === s1) continue;
    const t0 = Math.fround(internal[s0] + scale / size[s0]);
    const t1 = Math.fround(internal[s1] + scale / size[s1]);
    if (cost[k] <= Math.min(t0, t1)) {
      const root = join(s0, s1);
      internal[root] = cost[k];
    }
  }
  for (let t = 0; t < m; t++) {
    const k = order[t];
    const s0 = findRoot(forest, ea[k]);
    const s1 = findRoot(forest, eb[k]);
    if (s0 === s1) continue;
    if (size[s0] < minSize || size[s1] < minSize) join(s0, s1);
  }
  // Consecutive ids in increasing order of the root index (np.unique's order).
  const labels = createLabelMap(height, width);
  const ids = new Int32Array(n).fill(-1);
  for (let i = 0; i < n; i++) {
    const r = findRoot(forest, i);
    if (ids[r] < 0) ids[r] = 0;
  }
  let next = 0;
  for (let i = 0; i < n; i++) if (ids[i] === 0 && forest[i] === i) ids[i] = next++;
  for (let i = 0; i < n; i++) labels.data[i] = ids[findRoot(forest, i)];
  return labels;
}
