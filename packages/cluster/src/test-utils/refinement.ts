import type { LabelMap } from '@cuts/core';
import { expect } from 'vitest';

/**
 * Asserts that `fine` refines `coarse` (every id of `fine` lies under one id of
 * `coarse`) and returns that id for each id of `fine`.
 */
export function expectRefines(fine: LabelMap, coarse: LabelMap): Map<number, number> {
  const under = new Map<number, number>();
  fine.data.forEach((id, p) => {
    expect(under.get(id) ?? coarse.data[p]).toBe(coarse.data[p]);
    under.set(id, coarse.data[p]);
  });
  return under;
}
