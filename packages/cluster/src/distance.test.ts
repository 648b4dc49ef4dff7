import { describe, expect, it } from 'vitest';
import { Rng } from '@cuts/core';
import { sqDist, sqDistBelow } from './distance.js';

describe('sqDistBelow', () => {
  it('gives the answer of sqDist(…) < limit for every width, at and around the exact distance', () => {
    const rng = new Rng(3);
    for (const dim of [1, 3, 4, 7, 8, 13, 25]) {
      const x = rng.fillNormal(new Float64Array(40 * dim));
      for (let i = 0; i < 40; i++) {
        for (let j = 0; j < 40; j++) {
          const d = sqDist(x, i, x, j, dim);
          for (const limit of [0, d, d * (1 - 1e-15), d * (1 + 1e-15), d / 2, d * 2, 1, 5, Infinity]) {
            expect(sqDistBelow(x, i, x, j, dim, limit)).toBe(d < limit);
          }
        }
      }
    }
  });

  it('sqDist is symmetric bit for bit (knnGraph computes each centroid pair once)', () => {
    const rng = new Rng(4);
    const x = rng.fillNormal(new Float64Array(30 * 17));
    for (let i = 0; i < 30; i++)
      for (let j = 0; j < 30; j++) expect(sqDist(x, i, x, j, 17)).toBe(sqDist(x, j, x, i, 17));
  });
});

describe('symmetricSqDists', () => {
  it('equals sqDist for every ordered pair, bit for bit', async () => {
    const { symmetricSqDists } = await import('./knn.js');
    const rng = new Rng(5);
    for (const [count, dim] of [
      [1, 3],
      [33, 5],
      [70, 9],
    ]) {
      const x = rng.fillNormal(new Float64Array(count * dim));
      const D = symmetricSqDists(x, count, dim);
      for (let i = 0; i < count; i++)
        for (let j = 0; j < count; j++) expect(D[i * count + j]).toBe(sqDist(x, i, x, j, dim));
    }
  });
});
