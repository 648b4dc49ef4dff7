/**
 * Colours per region that stay put while the granularity changes. Levels are nested
 * (coarse → fine; a finer region lies inside one coarser region). Each fine region's parent
 * is the coarse region it overlaps most; the largest child of a parent keeps the parent's
 * colour, the other children get the next unused colours. A region that does not split
 * therefore keeps its colour even when the clustering gives it a new id.
 */
import { categoricalColour } from '../lib/palette.js';

export type Rgb = readonly [number, number, number];

/** Distinct ids in ascending order. */
export function distinctIds(labels: ArrayLike<number>): number[] {
  const seen = new Set<number>();
  for (let i = 0; i < labels.length; i++) seen.add(labels[i]);
  return [...seen].sort((a, b) => a - b);
}

/** Voxel count per id. */
export function idCounts(labels: ArrayLike<number>): Map<number, number> {
  const counts = new Map<number, number>();
  let last = Number.NaN;
  let run = 0;
  for (let i = 0; i < labels.length; i++) {
    const v = labels[i];
    if (v === last) run++;
    else {
      if (run) counts.set(last, (counts.get(last) ?? 0) + run);
      [last, run] = [v, 1];
    }
  }
  if (run) counts.set(last, (counts.get(last) ?? 0) + run);
  return counts;
}

/** Colour per id for one map: the i-th smallest id gets categorical colour i. */
export function rankColours(labels: ArrayLike<number>): Map<number, Rgb> {
  return new Map(distinctIds(labels).map((id, i) => [id, categoricalColour(i)]));
}

/** Colour maps for a nested stack of label maps (coarse → fine, same voxel count). */
export function lineageColours(levels: readonly ArrayLike<number>[]): Map<number, Rgb>[] {
  if (levels.length === 0) return [];
  let next = 0;
  const first = new Map<number, Rgb>(distinctIds(levels[0]).map((id) => [id, categoricalColour(next++)]));
  const out = [first];
  for (let l = 1; l < levels.length; l++) {
    const fine = levels[l];
    const coarse = levels[l - 1];
    if (fine.length !== coarse.length)
      throw new RangeError(`level ${l} has ${fine.length} voxels, level ${l - 1} has ${coarse.length}`);
    const overlap = new Map<number, Map<number, number>>();
    const add = (f: number, c: number, n: number) => {
      let m = overlap.get(f);
      if (!m) overlap.set(f, (m = new Map()));
      m.set(c, (m.get(c) ?? 0) + n);
    };
    // runs of equal (fine, coarse) pairs are counted at once: label maps are mostly runs
    let run = 0;
    for (let i = 0; i < fine.length; i++) {
      if (run > 0 && (fine[i] !== fine[i - 1] || coarse[i] !== coarse[i - 1])) {
        add(fine[i - 1], coarse[i - 1], run);
        run = 0;
      }
      run++;
    }
    if (run > 0) add(fine[fine.length - 1], coarse[fine.length - 1], run);
    const children = new Map<number, { id: number; size: number }[]>();
    for (const [id, m] of overlap) {
      let parent = 0;
      let best = -1;
      let size = 0;
      for (const [p, c] of m) {
        size += c;
        if (c > best || (c === best && p < parent)) [parent, best] = [p, c];
      }
      if (!children.has(parent)) children.set(parent, []);
      children.get(parent)!.push({ id, size });
    }
    const prev = out[l - 1];
    const colours = new Map<number, Rgb>();
    for (const parent of [...children.keys()].sort((a, b) => a - b)) {
      const kids = children.get(parent)!.sort((a, b) => b.size - a.size || a.id - b.id);
      kids.forEach((k, i) => colours.set(k.id, i === 0 ? prev.get(parent)! : categoricalColour(next++)));
    }
    out.push(colours);
  }
  return out;
}
