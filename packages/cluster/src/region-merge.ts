import { createLabelMap, type LabelMap } from '@cuts/core';
import { connectedRegions } from './regions.js';

/**
 * Region merging on the region adjacency graph, Ward's rule (as scikit-learn's
 * AgglomerativeClustering with a connectivity constraint, started from the map's regions
 * instead of single pixels): the two adjacent regions whose union raises the within-region
 * sum of squares of the features least are merged, again and again, while that rise stays
 * under `threshold` × the image's total sum of squares. Label-free; the number of regions
 * then follows the image: regions that differ only a little (bands of one tissue) join,
 * regions that differ strongly stay apart whatever their size.
 *
 * Returns a new map with one id per merged region (ids 0.. in row-major order of first pixel);
 * `threshold` ≤ 0 returns the map's connected regions unchanged (relabelled the same way).
 */
export function mergeSimilarRegions(
  map: LabelMap,
  features: Float32Array,
  dim: number,
  threshold: number,
  options: MergeOptions = {},
): LabelMap {
  const minRegions = options.minRegions ?? 2;
  const centroid = options.linkage === 'centroid';
  const { height, width } = map;
  const n = height * width;
  if (features.length !== n * dim) {
    throw new RangeError(`mergeSimilarRegions: features hold ${features.length} values, expected ${n} × ${dim}`);
  }
  const regions = connectedRegions(map.data, height, width);
  const R = regions.size.length;
  const size = Float64Array.from(regions.size);
  const sum = new Float64Array(R * dim);
  const mean = new Float64Array(dim);
  for (let p = 0; p < n; p++) {
    const r = regions.region[p];
    for (let j = 0; j < dim; j++) {
      const v = features[p * dim + j];
      sum[r * dim + j] += v;
      mean[j] += v;
    }
  }
  let total = 0;
  for (let j = 0; j < dim; j++) mean[j] /= n;
  for (let p = 0; p < n; p++) {
    for (let j = 0; j < dim; j++) {
      const d = features[p * dim + j] - mean[j];
      total += d * d;
    }
  }
  const root = Int32Array.from({ length: R }, (_, i) => i);
  const find = (i: number): number => {
    while (root[i] !== i) i = root[i] = root[root[i]];
    return i;
  };
  if (threshold > 0 && total > 0 && R > minRegions) {
    const neighbours = adjacency(regions.region, height, width, R);
    const cost = (a: number, b: number): number => {
      let d2 = 0;
      for (let j = 0; j < dim; j++) {
        const d = sum[a * dim + j] / size[a] - sum[b * dim + j] / size[b];
        d2 += d * d;
      }
      return centroid ? d2 : ((size[a] * size[b]) / (size[a] + size[b])) * d2;
    };
    const heap = new PairHeap();
    const version = new Int32Array(R);
    for (let a = 0; a < R; a++) for (const b of neighbours[a]) if (a < b) heap.push(cost(a, b), a, b, 0, 0);
    const limit = centroid ? (threshold * total) / n : threshold * total;
    let left = R;
    while (left > minRegions && heap.size > 0) {
      const top = heap.pop();
      if (top.va !== version[top.a] || top.vb !== version[top.b]) continue; // stale pair
      if (top.cost > limit) break;
      const { a, b } = top; // both roots: a merged region bumps its version
      root[b] = a;
      size[a] += size[b];
      for (let j = 0; j < dim; j++) sum[a * dim + j] += sum[b * dim + j];
      for (const c of neighbours[b]) if (c !== a) neighbours[a].add(c), neighbours[c].delete(b), neighbours[c].add(a);
      neighbours[a].delete(b);
      neighbours[b].clear();
      version[a]++;
      version[b] = -1;
      left--;
      for (const c of neighbours[a]) {
        const [x, y] = a < c ? [a, c] : [c, a];
        heap.push(cost(x, y), x, y, version[x], version[y]);
      }
    }
  }
  const idOf = new Int32Array(R).fill(-1);
  let next = 0;
  const out = new Int32Array(n);
  for (let p = 0; p < n; p++) {
    const r = find(regions.region[p]);
    if (idOf[r] < 0) idOf[r] = next++;
    out[p] = idOf[r];
  }
  return createLabelMap(height, width, out);
}

/** Options of `mergeSimilarRegions`. */
export interface MergeOptions {
  /** Never merge below this many regions (default 2). */
  minRegions?: number;
  /**
   * `ward` (default): a merge costs the rise of the within-region sum of squares, limit
   * threshold × the total sum of squares; `centroid`: the squared distance between the two
   * regions' mean features, limit threshold × the mean squared deviation per pixel (small
   * regions are no cheaper to merge than large ones).
   */
  linkage?: 'ward' | 'centroid';
}

function adjacency(region: Int32Array, height: number, width: number, R: number): Set<number>[] {
  const out = Array.from({ length: R }, () => new Set<number>());
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const p = y * width + x;
      const r = region[p];
      if (x < width - 1 && r !== region[p + 1]) out[r].add(region[p + 1]), out[region[p + 1]].add(r);
      if (y < height - 1 && r !== region[p + width]) out[r].add(region[p + width]), out[region[p + width]].add(r);
    }
  }
  return out;
}

interface Pair {
  cost: number;
  a: number;
  b: number;
  va: number;
  vb: number;
}

/** Binary min-heap of candidate merges (ties: lower a, then lower b — deterministic). */
class PairHeap {
  private items: Pair[] = [];
  get size(): number {
    return this.items.length;
  }
  push(cost: number, a: number, b: number, va: number, vb: number): void {
    const items = this.items;
    items.push({ cost, a, b, va, vb });
    let i = items.length - 1;
    while (i > 0) {
      const up = (i - 1) >> 1;
      if (!less(items[i], items[up])) break;
      [items[i], items[up]] = [items[up], items[i]];
      i = up;
    }
  }
  pop(): Pair {
    const items = this.items;
    const top = items[0];
    const last = items.pop()!;
    if (items.length > 0) {
      items[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < items.length && less(items[l], items[m])) m = l;
        if (r < items.length && less(items[r], items[m])) m = r;
        if (m === i) break;
        [items[i], items[m]] = [items[m], items[i]];
        i = m;
      }
    }
    return top;
  }
}

function less(x: Pair, y: Pair): boolean {
  return x.cost < y.cost || (x.cost === y.cost && (x.a < y.a || (x.a === y.a && x.b < y.b)));
}
