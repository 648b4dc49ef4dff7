import type { Rng } from '@cuts/core';
import { distinctRows } from './distinct-rows.js';
import { balancedPartition } from './partition-tree.js';

/**
 * Landmark cells of n points: at most `landmarks` compact cells (balancedPartition), with
 * bit-identical rows always in one cell. Without duplicates this is balancedPartition
 * itself (same draws, same cells). With duplicates the cells partition the distinct rows,
 * so L ≤ the number of distinct rows: a flat background of 5,000 identical pixels becomes
 * one landmark instead of ~600 landmarks joined at random by the kNN graph (which made
 * the landmark operator dense and its square cost O(L³)).
 */
export function landmarkCells(
  data: Float32Array,
  n: number,
  dim: number,
  landmarks: number,
  rng: Rng,
): { L: number; cellOf: Int32Array } {
  const distinct = distinctRows(data, n, dim);
  const u = distinct.count;
  const L = Math.max(1, Math.min(landmarks, u));
  if (u === n) {
    return {
      L,
      cellOf: L === n ? Int32Array.from({ length: n }, (_, i) => i) : balancedPartition(data, n, dim, L, rng),
    };
  }
  let cellOfDistinct: Int32Array;
  if (L === u) cellOfDistinct = Int32Array.from({ length: u }, (_, g) => g);
  else {
    const rows = new Float32Array(u * dim);
    for (let g = 0; g < u; g++)
      rows.set(data.subarray(distinct.firstRow[g] * dim, distinct.firstRow[g] * dim + dim), g * dim);
    cellOfDistinct = balancedPartition(rows, u, dim, L, rng);
  }
  return { L, cellOf: Int32Array.from(distinct.groupOf, (g) => cellOfDistinct[g]) };
}
