/**
 * Minimum region size for label maps: connected regions (4-connectivity) of
 * one cluster id smaller than `minSize` pixels are merged into the adjacent
 * region they share the longest border with — the same idea as the
 * `min_size` step of Felzenszwalb–Huttenlocher segmentation, applied after
 * clustering. Label-free; it removes the specks and thin fragments that make
 * a cluster's far-flung pieces dominate the Hausdorff distance. Then, optionally,
 * one id per connected region (`splitConnectedRegions`).
 */
import { createLabelMap, type LabelMap } from '@cuts/core';

export interface Regions {
  /** Region index of every pixel. */
  region: Int32Array;
  size: number[];
  /** Cluster id of each region. */
  label: number[];
  /** A pixel of each region (its first in row-major order). */
  first: number[];
}

export function connectedRegions(labels: Int32Array, height: number, width: number): Regions {
  const region = new Int32Array(labels.length).fill(-1);
  const size: number[] = [];
  const label: number[] = [];
  const first: number[] = [];
  const stack: number[] = [];
  for (let start = 0; start < labels.length; start++) {
    if (region[start] >= 0) continue;
    const id = size.length;
    const l = labels[start];
    let count = 0;
    region[start] = id;
    stack.push(start);
    while (stack.length > 0) {
      const p = stack.pop()!;
      count++;
      const y = (p / width) | 0;
      const x = p - y * width;
      if (y > 0 && region[p - width] < 0 && labels[p - width] === l) (region[p - width] = id), stack.push(p - width);
      if (y < height - 1 && region[p + width] < 0 && labels[p + width] === l)
        (region[p + width] = id), stack.push(p + width);
      if (x > 0 && region[p - 1] < 0 && labels[p - 1] === l) (region[p - 1] = id), stack.push(p - 1);
      if (x < width - 1 && region[p + 1] < 0 && labels[p + 1] === l) (region[p + 1] = id), stack.push(p + 1);
    }
    size.push(count);
    label.push(l);
    first.push(start);
  }
  return { region, size, label, first };
}

/** Shared border length (pixel edges) between every pair of adjacent regions. */
function borders(regions: Regions, height: number, width: number): Map<number, number>[] {
  const out = regions.size.map(() => new Map<number, number>());
  const { region } = regions;
  const add = (a: number, b: number): void => {
    out[a].set(b, (out[a].get(b) ?? 0) + 1);
    out[b].set(a, (out[b].get(a) ?? 0) + 1);
  };
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const p = y * width + x;
      if (x < width - 1 && region[p] !== region[p + 1]) add(region[p], region[p + 1]);
      if (y < height - 1 && region[p] !== region[p + width]) add(region[p], region[p + width]);
    }
  }
  return out;
}

/**
 * One pass: every region under `minSize` (smallest first) joins the neighbour
 * with the longest shared border (ties: the larger, then the lower index);
 * with `parent`, only neighbours of the same parent id qualify.
 * Returns the number of regions merged.
 */
function mergePass(labels: Int32Array, height: number, width: number, minSize: number, parent?: Int32Array): number {
  const regions = connectedRegions(labels, height, width);
  const n = regions.size.length;
  if (n < 2) return 0;
  const border = borders(regions, height, width);
  const root = Array.from({ length: n }, (_, i) => i);
  const find = (i: number): number => {
    while (root[i] !== i) i = root[i] = root[root[i]];
    return i;
  };
  const { first } = regions;
  const size = regions.size.slice();
  const small = regions.size
    .map((s, i) => [s, i])
    .filter(([s]) => s < minSize)
    .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let merged = 0;
  for (const [, i] of small) {
    const own = find(i);
    if (size[own] >= minSize) continue;
    const shared = new Map<number, number>();
    for (const [nb, len] of border[i]) {
      if (parent && parent[first[nb]] !== parent[first[i]]) continue;
      const r = find(nb);
      if (r !== own) shared.set(r, (shared.get(r) ?? 0) + len);
    }
    let best = -1;
    let bestLen = -1;
    for (const [r, len] of shared) {
      if (len > bestLen || (len === bestLen && (size[r] > size[best] || (size[r] === size[best] && r < best)))) {
        best = r;
        bestLen = len;
      }
    }
    if (best < 0) continue;
    root[own] = best;
    size[best] += size[own];
    merged++;
  }
  if (merged === 0) return 0;
  const { region, label } = regions;
  for (let p = 0; p < labels.length; p++) labels[p] = label[find(region[p])];
  return merged;
}

/**
 * The label map with every connected region smaller than `minSize` pixels
 * merged into a neighbour (repeated until none is left or nothing changes).
 * Cluster ids are kept (a merged region takes its neighbour's id); `minSize`
 * ≤ 1 returns a copy. With `parent` (a coarser map each region of `map` lies
 * inside), regions only merge with neighbours of the same parent id.
 */
export function mergeSmallRegions(map: LabelMap, minSize: number, parent?: LabelMap): LabelMap {
  const labels = Int32Array.from(map.data);
  if (minSize > 1) {
    for (let pass = 0; pass < 32; pass++) {
      if (mergePass(labels, map.height, map.width, minSize, parent?.data) === 0) break;
    }
  }
  return createLabelMap(map.height, map.width, labels);
}

/**
 * `level` split along `parent`: pixels of one id that lie under different parent
 * ids become different ids. Each id keeps its value under the parent id that
 * covers most of it (ties: the lower parent id); the other pieces get new ids
 * above every id in use, in order of first appearance.
 */
function splitByParent(level: LabelMap, parent: LabelMap): LabelMap {
  const counts = new Map<number, Map<number, number>>();
  let next = 0;
  level.data.forEach((id, p) => {
    let byParent = counts.get(id);
    if (!byParent) counts.set(id, (byParent = new Map()));
    byParent.set(parent.data[p], (byParent.get(parent.data[p]) ?? 0) + 1);
    next = Math.max(next, id + 1);
  });
  const main = new Map<number, number>();
  for (const [id, byParent] of counts) {
    let best = -1;
    let bestCount = -1;
    for (const [c, n] of byParent) if (n > bestCount || (n === bestCount && c < best)) (best = c), (bestCount = n);
    main.set(id, best);
  }
  const fresh = new Map<string, number>();
  const out = Int32Array.from(level.data, (id, p) => {
    const c = parent.data[p];
    if (main.get(id) === c) return id;
    const key = `${id}:${c}`;
    let v = fresh.get(key);
    if (v === undefined) fresh.set(key, (v = next++));
    return v;
  });
  return createLabelMap(level.height, level.width, out);
}

/**
 * Minimum region size for a stack of levels (finest first, as diffusion
 * condensation returns them) that keeps the stack nested: the coarsest level
 * is cleaned on its own; each finer level is split along the cleaned level
 * above it and cleaned with merges only inside the same parent region. Every
 * region of every level is then ≥ `minSize`, and each region lies inside one
 * region of every coarser level.
 */
export function mergeSmallRegionsNested(levels: readonly LabelMap[], minSize: number): LabelMap[] {
  const out: LabelMap[] = new Array(levels.length);
  for (let l = levels.length - 1; l >= 0; l--) {
    const above = out[l + 1];
    out[l] = above
      ? mergeSmallRegions(splitByParent(levels[l], above), minSize, above)
      : mergeSmallRegions(levels[l], minSize);
  }
  return out;
}

/**
 * The label map with one id per 4-connected region: the largest piece of each
 * cluster keeps the cluster's id (ties: the first in row-major order); every
 * other piece gets a new id above every id in use, in row-major order of its
 * first pixel. Splitting each level of a nested stack keeps it nested (a
 * connected piece of a finer cluster lies inside one connected piece of its
 * coarser cluster).
 */
export function splitConnectedRegions(map: LabelMap): LabelMap {
  const regions = connectedRegions(map.data, map.height, map.width);
  const keeper = new Map<number, number>();
  let next = 0;
  regions.label.forEach((id, r) => {
    next = Math.max(next, id + 1);
    const kept = keeper.get(id);
    if (kept === undefined || regions.size[r] > regions.size[kept]) keeper.set(id, r);
  });
  const idOf = regions.label.map((id, r) => (keeper.get(id) === r ? id : next++));
  return createLabelMap(
    map.height,
    map.width,
    Int32Array.from(regions.region, (r) => idOf[r]),
  );
}

/** The pixel count that a fraction of the image area stands for (at least 1). */
export function minRegionPixels(map: { height: number; width: number }, fraction: number): number {
  return Math.max(1, Math.round(fraction * map.height * map.width));
}
