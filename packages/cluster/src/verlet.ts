import { sqDistBelow } from './distance.js';
import { sortByKeyThenId } from './partition-tree.js';

/** Neighbour lists of condensation (CSR): every pair closer than `radius`, both directions. */
export interface Verlet {
  radius: number;
  ptr: Int32Array;
  nbr: Int32Array;
}

/**
 * All pairs closer than `radius` (both directions) among the A active points: sweep and
 * prune along the coordinate of largest spread, full distances only inside the band (and
 * stopped once past the radius). A point's list is in sweep order (its partners by rank
 * along the axis). Pairs go into one typed buffer and are spread into CSR by a stable
 * counting sort: no per-point JS arrays.
 */
export function buildVerlet(pos: Float64Array, A: number, dim: number, radius: number): Verlet {
  const r2 = radius * radius;
  let axis = 0;
  let best = -1;
  for (let t = 0; t < dim; t++) {
    let lo = Infinity;
    let hi = -Infinity;
    for (let a = 0; a < A; a++) {
      const v = pos[a * dim + t];
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    if (hi - lo > best) {
      best = hi - lo;
      axis = t;
    }
  }
  // Sorted along the axis (ties by index, as a stable sort), rows copied in that order so
  // the sweep reads contiguous memory.
  const key = new Float64Array(A);
  for (let a = 0; a < A; a++) key[a] = pos[a * dim + axis];
  const order = Int32Array.from({ length: A }, (_, a) => a);
  sortByKeyThenId(order, 0, A, key);
  const sortedKey = new Float64Array(A);
  const sortedPos = new Float64Array(A * dim);
  for (let u = 0; u < A; u++) {
    sortedKey[u] = key[order[u]];
    sortedPos.set(pos.subarray(order[u] * dim, order[u] * dim + dim), u * dim);
  }
  let pairs = new Int32Array(Math.max(64, 16 * A)); // (a, b) per close pair, sweep order
  let np = 0;
  const count = new Int32Array(A + 1);
  for (let u = 0; u < A; u++) {
    const a = order[u];
    const xa = sortedKey[u];
    for (let w = u + 1; w < A; w++) {
      if (sortedKey[w] - xa >= radius) break;
      if (!sqDistBelow(sortedPos, u, sortedPos, w, dim, r2)) continue;
      const b = order[w];
      if (np + 2 > pairs.length) {
        const grown = new Int32Array(2 * pairs.length);
        grown.set(pairs);
        pairs = grown;
      }
      pairs[np++] = a;
      pairs[np++] = b;
      count[a + 1]++;
      count[b + 1]++;
    }
  }
  for (let a = 0; a < A; a++) count[a + 1] += count[a];
  const nbr = new Int32Array(count[A]);
  const fill = count.slice(0, A);
  for (let q = 0; q < np; q += 2) {
    const a = pairs[q];
    const b = pairs[q + 1];
    nbr[fill[a]++] = b;
    nbr[fill[b]++] = a;
  }
  return { radius, ptr: count, nbr };
}

/**
 * Neighbour lists after merging: a group's list is the union of its members' lists (members
 * in index order, each neighbour group once, at its first appearance; the group itself left out).
 */
export function remapVerlet(v: Verlet, A: number, newIndex: Int32Array, count: number): Verlet {
  const stamp = new Int32Array(count).fill(-1);
  const memberPtr = new Int32Array(count + 1);
  for (let a = 0; a < A; a++) memberPtr[newIndex[a] + 1]++;
  for (let g = 0; g < count; g++) memberPtr[g + 1] += memberPtr[g];
  const members = new Int32Array(A);
  const mfill = memberPtr.slice(0, count);
  for (let a = 0; a < A; a++) members[mfill[newIndex[a]]++] = a;
  const ptr = new Int32Array(count + 1);
  let nbr = new Int32Array(Math.max(64, v.nbr.length));
  let m = 0;
  for (let g = 0; g < count; g++) {
    stamp[g] = g;
    for (let q = memberPtr[g]; q < memberPtr[g + 1]; q++) {
      const a = members[q];
      for (let e = v.ptr[a]; e < v.ptr[a + 1]; e++) {
        const h = newIndex[v.nbr[e]];
        if (stamp[h] === g) continue;
        stamp[h] = g;
        if (m === nbr.length) {
          const grown = new Int32Array(2 * nbr.length);
          grown.set(nbr);
          nbr = grown;
        }
        nbr[m++] = h;
      }
    }
    ptr[g + 1] = m;
  }
  return { radius: v.radius, ptr, nbr: nbr.slice(0, m) };
}
