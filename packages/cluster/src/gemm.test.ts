import { Rng } from '@cuts/core';
import { describe, expect, it } from 'vitest';
import { mulABt, transpose } from './gemm.js';

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

  it('transpose swaps rows and columns', () => {
    const A = Float32Array.from([1, 2, 3, 4, 5, 6]); // 2 × 3
    expect(Array.from(transpose(A, 2, 3))).toEqual([1, 4, 2, 5, 3, 6]);
  });
});
