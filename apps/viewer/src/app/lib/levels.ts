export interface LevelInfo {
  level: number;
  /** Distinct labels in this level's map. */
  clusters: number;
}

/** Coarse → fine without an index.json: fewest clusters first, ties by level index. */
export function orderByClusterCount(levels: readonly LevelInfo[]): LevelInfo[] {
  return [...levels].sort((a, b) => a.clusters - b.clusters || a.level - b.level);
}
