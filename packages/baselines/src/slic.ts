/**
 * SLIC superpixels (Achanta et al., TPAMI 2012) with scikit-image 0.19's
 * semantics, which the paper's numbers come from: image → float [0, 1] →
 * CIELAB, scaled by 1/compactness; centroids on skimage's regular grid with
 * colour 0; a fixed number of assignment/update rounds over ±2·step windows;
 * then connectivity enforcement (components below 0.5× the mean segment size
 * merged into the previously labelled neighbour, components capped at 3×).
 *
 * Hand-written: no maintained npm package implements SLIC.
 */
import { createLabelMap } from '@cuts/core/browser';
import type { LabelMap } from '@cuts/core/browser';
import { rgbUnitFloat } from './input.js';
import type { Uint8Image } from './input.js';
import { rgbToLab } from './lab.js';

/** Options of {@link slic} (scikit-image's defaults for the paper's setting). */
export interface SlicOptions {
  /** Approximate number of segments (default 10). */
  readonly nSegments?: number;
  /** Colour/space balance; larger = more square segments (default 10). */
  readonly compactness?: number;
  /** Assignment/update rounds (default 10). */
  readonly maxIterations?: number;
  /** Merge components below this fraction of the mean segment size (default 0.5). */
  readonly minSizeFactor?: number;
  /** Cap components at this multiple of the mean segment size (default 3). */
  readonly maxSizeFactor?: number;
}

interface GridSlice {
  readonly start: number;
  readonly step: number;
}

/** numpy's round-half-to-even. */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** skimage.util.regular_grid: about n evenly spaced points over an array of `shape`. */
export function regularGrid(shape: readonly number[], nPoints: number): GridSlice[] {
  const ndim = shape.length;
  const order = shape.map((s, i) => [s, i] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const sorted = order.map((o) => o[0]);
  let space = shape.reduce((a, b) => a * b, 1);
  if (space <= nPoints) return shape.map(() => ({ start: 0, step: 1 }));
  const steps = new Array<number>(ndim).fill((space / nPoints) ** (1 / ndim));
  if (sorted.some((s, i) => s < steps[i])) {
    for (let dim = 0; dim < ndim; dim++) {
      steps[dim] = sorted[dim];
      space = sorted.slice(dim + 1).reduce((a, b) => a * b, 1);
      for (let j = dim + 1; j < ndim; j++) steps[j] = (space / nPoints) ** (1 / (ndim - dim - 1));
      if (sorted.every((s, i) => s >= steps[i])) break;
    }
  }
  const out = new Array<GridSlice>(ndim);
  order.forEach(([, original], i) => {
    out[original] = { start: Math.trunc(Math.floor(steps[i] / 2)), step: roundHalfEven(steps[i]) };
  });
  return out;
}

/** Grid points of a slice along an axis of length n. */
function points(s: GridSlice, n: number): number[] {
  const out: number[] = [];
  for (let i = s.start; i < n; i += s.step) out.push(i);
  return out;
}

/** The k-means-in-a-window part; returns one segment index per pixel. */
function slicAssign(
  lab: Float64Array,
  height: number,
  width: number,
  opts: Required<SlicOptions>,
): { labels: Int32Array; nCentroids: number } {
  const grid = regularGrid([1, height, width], opts.nSegments);
  const ys = points(grid[1], height);
  const xs = points(grid[2], width);
  const k = ys.length * xs.length;
  const step = Math.max(grid[0].step, grid[1].step, grid[2].step);
  // skimage recomputes the window grid from the number of centroids it actually placed.
  const window = regularGrid([1, height, width], k);
  const stepY = window[1].step;
  const stepX = window[2].step;
  const cy = new Float64Array(k);
  const cx = new Float64Array(k);
  const cc = new Float64Array(k * 3);
  const alive = new Uint8Array(k).fill(1);
  let s = 0;
  for (const y of ys) {
    for (const x of xs) {
      cy[s] = y;
      cx[s] = x;
      s++;
    }
  }
  const ratio = 1 / opts.compactness;
  const img = new Float64Array(lab.length);
  for (let i = 0; i < lab.length; i++) img[i] = lab[i] * ratio;
  const spatialWeight = 1 / (step * step);
  const n = height * width;
  const nearest = new Int32Array(n).fill(-1);
  const distance = new Float64Array(n);
  const count = new Float64Array(k);
  for (let iter = 0; iter < opts.maxIterations; iter++) {
    distance.fill(Number.MAX_VALUE);
    let changed = false;
    for (let c = 0; c < k; c++) {
      if (!alive[c]) continue;
      const y0 = Math.trunc(Math.max(cy[c] - 2 * stepY, 0));
      const y1 = Math.trunc(Math.min(cy[c] + 2 * stepY + 1, height));
      const x0 = Math.trunc(Math.max(cx[c] - 2 * stepX, 0));
      const x1 = Math.trunc(Math.min(cx[c] + 2 * stepX + 1, width));
      const c0 = cc[c * 3];
      const c1 = cc[c * 3 + 1];
      const c2 = cc[c * 3 + 2];
      for (let y = y0; y < y1; y++) {
        const dy = (cy[c] - y) ** 2;
        for (let x = x0; x < x1; x++) {
          const i = y * width + x;
          let d = (dy + (cx[c] - x) ** 2) * spatialWeight;
          const t0 = img[i * 3] - c0;
          const t1 = img[i * 3 + 1] - c1;
          const t2 = img[i * 3 + 2] - c2;
          d += t0 * t0 + t1 * t1 + t2 * t2;
          if (distance[i] > d) {
            nearest[i] = c;
            distance[i] = d;
            changed = true;
          }
        }
      }
    }
    if (!changed) break;
    count.fill(0);
    cy.fill(0);
    cx.fill(0);
    cc.fill(0);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const i = y * width + x;
        const c = nearest[i];
        if (c < 0) continue;
        count[c]++;
        cy[c] += y;
        cx[c] += x;
        cc[c * 3] += img[i * 3];
        cc[c * 3 + 1] += img[i * 3 + 1];
        cc[c * 3 + 2] += img[i * 3 + 2];
      }
    }
    for (let c = 0; c < k; c++) {
      if (count[c] === 0) {
        alive[c] = 0;
        continue;
      }
      cy[c] /= count[c];
      cx[c] /= count[c];
      for (let j = 0; j < 3; j++) cc[c * 3 + j] /= count[c];
    }
  }
  return { labels: nearest, nCentroids: k };
}

/**
 * skimage's _enforce_label_connectivity_cython (start_label 1): breadth-first
 * components of equal label, capped at maxSize; components smaller than
 * minSize take the label of the last already-labelled neighbour seen.
 */
export function enforceConnectivity(
  segments: Int32Array,
  height: number,
  width: number,
  minSize: number,
  maxSize: number,
): Int32Array {
  const n = height * width;
  const out = new Int32Array(n).fill(-1);
  const queue = new Int32Array(Math.max(1, maxSize));
  const dx = [1, -1, 0, 0];
  const dy = [0, 0, 1, -1];
  let newLabel = 1;
  for (let start = 0; start < n; start++) {
    if (out[start] >= 0) continue;
    let adjacent = 0;
    const label = segments[start];
    out[start] = newLabel;
    let size = 1;
    let visited = 0;
    queue[0] = start;
    while (visited < size && size < maxSize) {
      const p = queue[visited];
      const py = Math.floor(p / width);
      const px = p - py * width;
      for (let d = 0; d < 4; d++) {
        const yy = py + dy[d];
        const xx = px + dx[d];
        if (xx < 0 || xx >= width || yy < 0 || yy >= height) continue;
        const q = yy * width + xx;
        if (segments[q] === label && out[q] === -1) {
          out[q] = newLabel;
          queue[size++] = q;
          if (size >= maxSize) break;
        } else if (out[q] >= 0 && out[q] !== newLabel) {
          adjacent = out[q];
        }
      }
      visited++;
    }
    if (size < minSize) {
      for (let i = 0; i < size; i++) out[queue[i]] = adjacent;
    } else {
      newLabel++;
    }
  }
  return out;
}

/** SLIC segmentation of an 8-bit image (grey images are repeated to 3 channels). */
export function slic(image: Uint8Image, options: SlicOptions = {}): LabelMap {
  const opts: Required<SlicOptions> = {
    nSegments: options.nSegments ?? 10,
    compactness: options.compactness ?? 10,
    maxIterations: options.maxIterations ?? 10,
    minSizeFactor: options.minSizeFactor ?? 0.5,
    maxSizeFactor: options.maxSizeFactor ?? 3,
  };
  const { height, width } = image;
  const lab = rgbToLab(rgbUnitFloat(image));
  const { labels, nCentroids } = slicAssign(lab, height, width, opts);
  const segmentSize = (height * width) / nCentroids;
  const minSize = Math.trunc(opts.minSizeFactor * segmentSize);
  const maxSize = Math.trunc(opts.maxSizeFactor * segmentSize);
  return createLabelMap(height, width, enforceConnectivity(labels, height, width, minSize, maxSize));
}
