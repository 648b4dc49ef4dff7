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
