/**
 * Salient levels from a condensation gradient curve (Multiscale PHATE's `get_levels`, as
 * CUTS uses it): walking i = 1 … len−2, keep i when gradient[i] ≤ the running minimum
 * (which starts at max(gradient) and becomes gradient[i] whenever i is kept) and
 * gradient[i] < gradient[i+1]. Level 0, which the reference always prepends, is dropped.
 * Returned indices ascend (finest salient level first).
 */
export function selectSalientLevels(gradient: ArrayLike<number>): number[] {
  const levels: number[] = [];
  if (gradient.length < 3) return levels;
  let minimum = -Infinity;
  for (let i = 0; i < gradient.length; i++) if (gradient[i] > minimum) minimum = gradient[i];
  for (let i = 1; i < gradient.length - 1; i++) {
    if (gradient[i] <= minimum && gradient[i] < gradient[i + 1]) {
      levels.push(i);
      minimum = gradient[i];
    }
  }
  return levels;
}

/** Default cluster counts of the granularity ladder (coarse → fine). */
export const DEFAULT_LADDER = [2, 3, 4, 5, 6, 8, 10, 12, 16, 20, 25, 32] as const;

/**
 * Ladder levels: for each target cluster count, the stack level whose count is
 * nearest on a log scale (ties to the finer level), deduplicated, ascending
 * (finest first, like selectSalientLevels). A label-free alternative to the
 * gradient rule, which on landmark condensation keeps only near-finest levels
 * and one coarse level (see README, "Level selection").
 */
export function selectLadderLevels(counts: ArrayLike<number>, targets: readonly number[] = DEFAULT_LADDER): number[] {
  const picked = new Set<number>();
  for (const k of targets) {
    let best = -1;
    let bestGap = Infinity;
    for (let i = 0; i < counts.length; i++) {
      const gap = Math.abs(Math.log(counts[i] / k));
      if (gap < bestGap) {
        bestGap = gap;
        best = i;
      }
    }
    if (best >= 0) picked.add(best);
  }
  return [...picked].sort((a, b) => a - b);
}
