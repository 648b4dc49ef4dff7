import { CutsInputError, createLabelMap, type LabelMap } from '@cuts/core';

/** Options of `persistentMap` / `persistentStructures`. */
export interface PersistentOptions {
  /** Keep ids present in at least this many levels (reference 2). */
  minPersistence?: number;
  /** Keep ids whose largest area is at least this fraction of the image (reference 0.01). */
  minAreaFraction?: number;
}

/** One structure of the persistent map: the id it had in the levels, its label, level, area and persistence. */
export interface PersistentStructure {
  /** The cluster id in the input levels. */
  id: number;
  /** Its label in the output map (1-based, in painting order). */
  label: number;
  /** Index (into the input levels) where its area is largest, and that area in pixels. */
  level: number;
  area: number;
  /** Number of levels the id appears in. */
  persistence: number;
}

/**
 * CUTS's label-free single map from a stack of label maps whose ids persist across
 * levels (diffusion condensation keeps a cluster's id while it grows): for every id
 * count the levels it appears in and find the level where its area is largest; drop ids
 * under minAreaFraction of the image or with persistence < minPersistence; paint the
 * rest from their best level, largest first, so smaller structures lie on top.
 * Output labels are 1…m in painting order; 0 marks pixels no kept structure covers.
 */
export function persistentStructures(
  levels: LabelMap[],
  options: PersistentOptions = {},
): { map: LabelMap; structures: PersistentStructure[] } {
  const minPersistence = options.minPersistence ?? 2;
  const minAreaFraction = options.minAreaFraction ?? 0.01;
  if (levels.length === 0) throw new CutsInputError('needs at least one label map', 'persistent.levels');
  const { height, width } = levels[0];
  for (const [i, l] of levels.entries()) {
    if (l.height !== height || l.width !== width) {
      throw new CutsInputError(
        `level ${i} is ${l.height} × ${l.width}, level 0 is ${height} × ${width}`,
        'persistent.levels',
      );
    }
  }
  const pixels = height * width;
  const stats = new Map<number, { persistence: number; area: number; level: number }>();
  levels.forEach((levelMap, li) => {
    const counts = new Map<number, number>();
    for (let p = 0; p < pixels; p++) {
      const id = levelMap.data[p];
      counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    for (const [id, area] of counts) {
      const s = stats.get(id);
      if (!s) stats.set(id, { persistence: 1, area, level: li });
      else {
        s.persistence++;
        if (area > s.area) {
          s.area = area;
          s.level = li;
        }
      }
    }
  });
  const kept = [...stats.entries()]
    .filter(([, s]) => s.persistence >= minPersistence && s.area >= minAreaFraction * pixels)
    .sort((a, b) => b[1].area - a[1].area || a[0] - b[0]);
  const map = createLabelMap(height, width);
  const structures: PersistentStructure[] = [];
  kept.forEach(([id, s], order) => {
    const label = order + 1;
    const src = levels[s.level].data;
    for (let p = 0; p < pixels; p++) if (src[p] === id) map.data[p] = label;
    structures.push({ id, label, level: s.level, area: s.area, persistence: s.persistence });
  });
  return { map, structures };
}

/** Just the map of {@link persistentStructures}. */
export function persistentMap(levels: LabelMap[], options: PersistentOptions = {}): LabelMap {
  return persistentStructures(levels, options).map;
}
