import type { Floats } from './distance.js';

/** Exact duplicate rows of an n × dim buffer, grouped. */
export interface DistinctRows {
  /** Number of distinct rows. */
  count: number;
  /** Distinct-row index (0..count-1, in order of first appearance) of every row. */
  groupOf: Int32Array;
  /** The first row of each distinct value. */
  firstRow: Int32Array;
}

/**
 * Groups bit-identical rows with one hash-table pass (FNV-1a over the rows' 32-bit words,
 * open addressing, full comparison on a hash match): O(n · dim). Raw pixels as features
 * (256 grey levels, flat backgrounds) and L2-normalised 1-column data (every row ±1) have
 * thousands of copies of a few rows; embeddings have none.
 */
export function distinctRows(data: Floats, n: number, dim: number): DistinctRows {
  const words =
    data instanceof Float32Array
      ? new Uint32Array(data.buffer, data.byteOffset, n * dim)
      : new Uint32Array(data.buffer, data.byteOffset, n * dim * 2);
  const width = data instanceof Float32Array ? dim : 2 * dim;
  let size = 1;
  while (size < 2 * n) size <<= 1;
  const mask = size - 1;
  const table = new Int32Array(size).fill(-1); // first row of the group in that slot
  const groupOf = new Int32Array(n);
  const firstRow: number[] = [];
  for (let i = 0; i < n; i++) {
    const o = i * width;
    let h = 0x811c9dc5;
    for (let t = 0; t < width; t++) h = Math.imul(h ^ words[o + t], 0x01000193);
    let slot = (h >>> 0) & mask;
    for (;;) {
      const r = table[slot];
      if (r < 0) {
        table[slot] = i;
        groupOf[i] = firstRow.length;
        firstRow.push(i);
        break;
      }
      if (sameRow(words, r * width, o, width)) {
        groupOf[i] = groupOf[r];
        break;
      }
      slot = (slot + 1) & mask;
    }
  }
  return { count: firstRow.length, groupOf, firstRow: Int32Array.from(firstRow) };
}

function sameRow(words: Uint32Array, a: number, b: number, width: number): boolean {
  for (let t = 0; t < width; t++) if (words[a + t] !== words[b + t]) return false;
  return true;
}
