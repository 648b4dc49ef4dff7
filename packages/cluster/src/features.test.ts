import { createEmbeddingMatrix, createImage } from '@cuts/core';
import { describe, expect, it } from 'vitest';
import { buildFeatures, concatColumns, pixelFeatures, totalVariance } from './features.js';

// 2 × 2 RGB image, channels interleaved
const image = createImage(2, 2, 3, Float32Array.from([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]));

describe('pixelFeatures', () => {
  it('is the image itself, one row per pixel and one column per channel', () => {
    const m = pixelFeatures(image);
    expect([m.rows, m.dim]).toEqual([4, 3]);
    expect(Array.from(m.data)).toEqual(Array.from(image.data));
    expect(m.data).not.toBe(image.data); // a copy: clustering may not alias the input
  });
});

describe('totalVariance', () => {
  it('sums the population variance of every column (by hand)', () => {
    // columns: [0,3,6,9] → var 11.25 each, three columns
    expect(totalVariance(pixelFeatures(image))).toBeCloseTo(33.75, 10);
    expect(totalVariance(createEmbeddingMatrix(3, 1, Float32Array.from([5, 5, 5])))).toBe(0);
  });
});

describe('buildFeatures', () => {
  const embedding = createEmbeddingMatrix(4, 2, Float32Array.from([1, 0, -1, 0, 1, 2, -1, 2]));

  it('returns the embedding untouched for "embedding" and needs one', () => {
    expect(buildFeatures('embedding', { image, embedding })).toBe(embedding);
    expect(() => buildFeatures('both', { image })).toThrow(/need an embedding/);
  });

  it('"both" appends the pixels scaled to pixelWeight × the embedding variance', () => {
    for (const w of [0.25, 1, 4]) {
      const m = buildFeatures('both', { image, embedding }, w);
      expect([m.rows, m.dim]).toEqual([4, 5]);
      const emb = createEmbeddingMatrix(
        4,
        2,
        Float32Array.from({ length: 8 }, (_, i) => m.data[Math.floor(i / 2) * 5 + (i % 2)]),
      );
      const px = createEmbeddingMatrix(
        4,
        3,
        Float32Array.from({ length: 12 }, (_, i) => m.data[Math.floor(i / 3) * 5 + 2 + (i % 3)]),
      );
      expect(Array.from(emb.data)).toEqual(Array.from(embedding.data));
      expect(totalVariance(px) / totalVariance(embedding)).toBeCloseTo(w, 5);
    }
  });

  it('a flat image adds zero columns instead of dividing by zero', () => {
    const flat = createImage(2, 2, 1, new Float32Array(4).fill(0.3));
    const m = buildFeatures('both', { image: flat, embedding });
    expect(Array.from({ length: 4 }, (_, i) => m.data[i * 3 + 2])).toEqual([0, 0, 0, 0]);
  });

  it('concatColumns refuses matrices of different heights', () => {
    expect(() => concatColumns(embedding, createEmbeddingMatrix(3, 1))).toThrow(/4 and 3 rows/);
  });
});
