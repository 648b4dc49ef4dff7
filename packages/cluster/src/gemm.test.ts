import { Rng } from '@cuts/core';
import { describe, expect, it } from 'vitest';
import { mulAAt, mulABt, transpose } from './gemm.js';

describe('mulABt', () => {
  it('equals the textbook triple loop for every shape remainder (rows odd/even, cols mod 4)', () => {
    const rng = new Rng(2);
    for (const [rows, cols, inner] of [
      [1, 1, 1],
      [2, 4, 3],
      [5, 7, 9],
      [8, 6, 1],
      [3, 13, 17],
    ]) {
      const A = rng.fillNormal(new Float32Array(rows * inner));
      const B = rng.fillNormal(new Float64Array(cols * inner));
      const got = mulABt(A, rows, B, cols, inner, new Float64Array(rows * cols));
      for (let i = 0; i < rows; i++) {
        for (let j = 0; j < cols; j++) {
          let s = 0;
          for (let t = 0; t < inner; t++) s += A[i * inner + t] * B[j * inner + t];
          expect(got[i * cols + j]).toBeCloseTo(s, 12);
        }
      }
    }
  });

  it('mulAAt equals mulABt(A, A) bit for bit, symmetric, for every block remainder', () => {
    const rng = new Rng(3);
    for (const [rows, inner] of [
      [1, 5],
      [7, 3],
      [8, 11],
      [19, 40],
      [33, 9],
    ]) {
      const A = rng.fillNormal(new Float64Array(rows * inner));
      const full = mulABt(A, rows, A, rows, inner, new Float64Array(rows * rows));
      const gram = mulAAt(A, rows, inner, new Float64Array(rows * rows).fill(Number.NaN));
      expect(Buffer.from(gram.buffer).equals(Buffer.from(full.buffer))).toBe(true);
      for (let i = 0; i < rows; i++) for (let j = 0; j < i; j++) expect(gram[i * rows + j]).toBe(gram[j * rows + i]);
    }
  });

  it('lowerB: the same product as the full sum when B is lower triangular', () => {
    const rng = new Rng(4);
    for (const [rows, q] of [
      [1, 1],
      [5, 6],
      [9, 13],
      [4, 32],
    ]) {
      const A = rng.fillNormal(new Float64Array(rows * q));
      const B = rng.fillNormal(new Float64Array(q * q));
      for (let j = 0; j < q; j++) for (let t = j + 1; t < q; t++) B[j * q + t] = 0; // lower triangular
      const full = mulABt(A, rows, B, q, q, new Float64Array(rows * q));
      const skipped = mulABt(A, rows, B, q, q, new Float64Array(rows * q), true);
      expect(Array.from(skipped)).toEqual(Array.from(full));
    }
  });

  it('transpose swaps rows and columns', () => {
    const A = Float32Array.from([1, 2, 3, 4, 5, 6]); // 2 × 3
    expect(Array.from(transpose(A, 2, 3))).toEqual([1, 4, 2, 5, 3, 6]);
  });
});
