import { describe, expect, it } from 'vitest';
import { Rng } from '@cuts/core';
import { landmarkOperator, powerPotential, squarePotential } from './landmark-operator.js';

// A random reversible operator: raw point→landmark sums (n × L, sparse), T = rownorm(raw),
// pmn = colnorm(raw)ᵀ — the construction of landmarkPotential.
function randomOperator(n: number, L: number, seed: number) {
  const rng = new Rng(seed);
  const tPtr = new Int32Array(n + 1);
  const cols: number[] = [];
  const raw: number[] = [];
  for (let i = 0; i < n; i++) {
    const picked = new Set<number>();
    const m = 1 + Math.floor(rng.next() * 5);
    while (picked.size < m) picked.add(Math.floor(rng.next() * L));
    for (const c of [...picked].sort((a, b) => a - b)) {
      cols.push(c);
      raw.push(rng.next() + 0.01);
    }
    tPtr[i + 1] = cols.length;
  }
  const tCol = Int32Array.from(cols);
  const rowSum = new Float64Array(n);
  const colSum = new Float64Array(L);
  for (let i = 0; i < n; i++)
    for (let e = tPtr[i]; e < tPtr[i + 1]; e++) {
      rowSum[i] += raw[e];
      colSum[tCol[e]] += raw[e];
    }
  const tVal = Float64Array.from(raw, (v, e) => v / rowSum[rowOf(tPtr, e)]);
  const colPtr = new Int32Array(L + 1);
  for (const c of cols) colPtr[c + 1]++;
  for (let l = 0; l < L; l++) colPtr[l + 1] += colPtr[l];
  const colRow = new Int32Array(cols.length);
  const colVal = new Float64Array(cols.length);
  const fill = colPtr.slice(0, L);
  for (let i = 0; i < n; i++)
    for (let e = tPtr[i]; e < tPtr[i + 1]; e++) {
      colRow[fill[tCol[e]]] = i;
      colVal[fill[tCol[e]]++] = raw[e] / colSum[tCol[e]];
    }
  return { tPtr, tCol, tVal, colPtr, colRow, colVal, colSum };
}
const rowOf = (ptr: Int32Array, e: number): number => {
  let i = 0;
  while (ptr[i + 1] <= e) i++;
  return i;
};

/** The previous dense implementation (dense P, dense P² by the symmetric shortcut, −log pass). */
function densePotential(o: ReturnType<typeof randomOperator>, L: number): Float32Array {
  const P = new Float64Array(L * L);
  for (let l = 0; l < L; l++)
    for (let q = o.colPtr[l]; q < o.colPtr[l + 1]; q++) {
      const i = o.colRow[q];
      for (let f = o.tPtr[i]; f < o.tPtr[i + 1]; f++) P[l * L + o.tCol[f]] += o.colVal[q] * o.tVal[f];
    }
  const sq = Float64Array.from(o.colSum, Math.sqrt);
  const ptr = new Int32Array(L + 1);
  const col: number[] = [];
  const val: number[] = [];
  for (let r = 0; r < L; r++) {
    for (let c = 0; c < L; c++)
      if (P[r * L + c] !== 0) {
        col.push(c);
        val.push((P[r * L + c] * sq[r]) / sq[c]);
      }
    ptr[r + 1] = col.length;
  }
  const out = new Float64Array(L * L);
  const acc = new Float64Array(L);
  for (let r = 0; r < L; r++) {
    acc.fill(0, r);
    for (let f = ptr[r]; f < ptr[r + 1]; f++)
      for (let g = ptr[col[f]]; g < ptr[col[f] + 1]; g++) if (col[g] >= r) acc[col[g]] += val[f] * val[g];
    for (let m = r; m < L; m++) {
      if (acc[m] === 0) continue;
      out[r * L + m] = (acc[m] / sq[r]) * sq[m];
      if (m !== r) out[m * L + r] = (acc[m] / sq[m]) * sq[r];
    }
  }
  return Float32Array.from(out, (v) => (v === 0 ? -Math.log(1e-7) : -Math.log(v + 1e-7)));
}

describe('landmark operator', () => {
  for (const [n, L] of [
    [300, 40],
    [2000, 130],
  ]) {
    const o = randomOperator(n, L, n + L);
    const P = landmarkOperator(o.colPtr, o.colRow, o.colVal, o.tPtr, o.tCol, o.tVal, L);
    it(`P is row-stochastic with ascending columns (n ${n}, L ${L})`, () => {
      for (let r = 0; r < L; r++) {
        let s = 0;
        for (let f = P.ptr[r]; f < P.ptr[r + 1]; f++) {
          s += P.val[f];
          if (f > P.ptr[r]) expect(P.col[f]).toBeGreaterThan(P.col[f - 1]);
        }
        expect(s).toBeCloseTo(1, 12);
      }
    });
    it(`t = 2 potential is bit-identical to the dense version (n ${n}, L ${L})`, () => {
      const dense = densePotential(o, L);
      const fast = squarePotential(P, L, o.colSum);
      expect(Buffer.from(fast.buffer).equals(Buffer.from(dense.buffer))).toBe(true);
    });
    it(`general power agrees with the shortcut at t = 2 (n ${n}, L ${L})`, () => {
      const a = powerPotential(P, L, 2);
      const b = squarePotential(P, L, o.colSum);
      for (let q = 0; q < L * L; q++) expect(a[q]).toBeCloseTo(b[q], 3);
    });
  }
});
