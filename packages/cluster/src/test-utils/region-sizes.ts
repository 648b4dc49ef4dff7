import type { LabelMap } from '@cuts/core';

/**
 * Size of the 4-connected region each pixel belongs to, by union-find over
 * neighbouring pixel pairs (independent of the flood fill in regions.ts).
 */
export function regionSizeAt(m: LabelMap): Int32Array {
  const parent = Array.from(m.data, (_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]];
    return i;
  };
  for (let p = 0; p < m.data.length; p++) {
    const x = p % m.width;
    if (x + 1 < m.width && m.data[p] === m.data[p + 1]) parent[find(p)] = find(p + 1);
    if (p + m.width < m.data.length && m.data[p] === m.data[p + m.width]) parent[find(p)] = find(p + m.width);
  }
  const count = new Map<number, number>();
  for (let p = 0; p < m.data.length; p++) count.set(find(p), (count.get(find(p)) ?? 0) + 1);
  return Int32Array.from(m.data, (_, p) => count.get(find(p))!);
}
