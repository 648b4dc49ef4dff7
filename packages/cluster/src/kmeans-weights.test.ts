import { Rng, createEmbeddingMatrix, isInputError, type EmbeddingMatrix } from '@cuts/core';
import { describe, expect, it } from 'vitest';
import { inertiaOf, kmeans } from './kmeans.js';
import { weightedKmeansPlusPlus } from './kmeans-seeding.js';
import { gaussianBlobs } from './test-utils/blobs.js';

/** Every row of `m` repeated `counts[i]` times, copies next to each other. */
function expand(m: EmbeddingMatrix, counts: Float64Array): { matrix: EmbeddingMatrix; rowOf: Int32Array } {
  const total = counts.reduce((s, c) => s + c, 0);
  const matrix = createEmbeddingMatrix(total, m.dim);
  const rowOf = new Int32Array(total);
  let r = 0;
  for (let i = 0; i < m.rows; i++) {
    for (let c = 0; c < counts[i]; c++, r++) {
      matrix.data.set(m.data.subarray(i * m.dim, (i + 1) * m.dim), r * m.dim);
      rowOf[r] = i;
    }
  }
  return { matrix, rowOf };
}

/** Overlapping blobs (many Lloyd iterations) and integer counts 1..6 per row. */
function weightedBlobs(): { matrix: EmbeddingMatrix; counts: Float64Array } {
  const { matrix } = gaussianBlobs(5, 60, 4, 21, { separation: 2, spread: 1 });
  const rng = new Rng(4);
  return { matrix, counts: Float64Array.from({ length: matrix.rows }, () => rng.int(1, 7)) };
}

describe('kmeans with row weights', () => {
  it('weights equal to duplicated rows give the centroids, inertia and labels of the expanded matrix', () => {
    const { matrix, counts } = weightedBlobs();
    const { matrix: big, rowOf } = expand(matrix, counts);
    const runs = [
      { k: 5, seed: 3 },
      { k: 5, seed: 8, localTrials: 3 },
      { k: 6, seed: 1, localTrials: 2, convergence: 'sklearn' as const, tolerance: 1e-4 },
    ];
    for (const options of runs) {
      const w = kmeans(matrix, { ...options, weights: counts });
      const e = kmeans(big, options);
      expect(w.iterations).toBe(e.iterations);
      expect(Math.abs(w.inertia - e.inertia) / e.inertia).toBeLessThan(1e-12);
      for (let i = 0; i < w.centroids.length; i++) expect(w.centroids[i]).toBeCloseTo(e.centroids[i], 10);
      expect(Array.from(rowOf, (i) => w.labels[i])).toEqual(Array.from(e.labels));
      // sizes count rows, not weights
      expect(w.sizes.reduce((s, v) => s + v, 0)).toBe(matrix.rows);
    }
  });

  it('computes weighted means and the weighted inertia (hand-computed)', () => {
    // 1-D rows 0, 1, 10 with weights 3, 1, 2; start from centres 0 and 10.
    const m = createEmbeddingMatrix(3, 1, Float32Array.from([0, 1, 10]));
    const weights = Float64Array.from([3, 1, 2]);
    const r = kmeans(m, { k: 2, initialCentroids: Float64Array.from([0, 10]), weights });
    expect(Array.from(r.labels)).toEqual([0, 0, 1]);
    expect(Array.from(r.centroids)).toEqual([0.25, 10]); // (3·0 + 1·1) / 4
    expect(r.inertia).toBeCloseTo(3 * 0.25 ** 2 + 0.75 ** 2, 12); // 0.75
    expect(Array.from(r.sizes)).toEqual([2, 1]);
    expect(inertiaOf(m.data, 3, 1, r.centroids, r.labels, weights)).toBe(r.inertia);
    // without weights: the plain mean and inertia
    const plain = kmeans(m, { k: 2, initialCentroids: Float64Array.from([0, 10]) });
    expect(Array.from(plain.centroids)).toEqual([0.5, 10]);
    expect(plain.inertia).toBeCloseTo(0.5, 12);
    // weights move the optimum: 0 (×100), 2, 3, 5 → {0} | {2, 3, 5}; unweighted {0, 2} | {3, 5}
    const four = createEmbeddingMatrix(4, 1, Float32Array.from([0, 2, 3, 5]));
    const heavy = kmeans(four, { k: 2, seed: 1, restarts: 30, weights: Float64Array.from([100, 1, 1, 1]) });
    expect(heavy.labels[1]).not.toBe(heavy.labels[0]);
    expect(new Set(heavy.labels.subarray(1)).size).toBe(1);
    const light = kmeans(four, { k: 2, seed: 1 });
    expect(light.labels[1]).toBe(light.labels[0]);
    expect(light.labels[2]).toBe(light.labels[3]);
  });

  it('unit weights give the same result as no weights', () => {
    const { matrix } = weightedBlobs();
    const a = kmeans(matrix, { k: 5, seed: 6, weights: new Float64Array(matrix.rows).fill(1) });
    const b = kmeans(matrix, { k: 5, seed: 6 });
    expect(Array.from(a.labels)).toEqual(Array.from(b.labels));
    expect(a.inertia).toBe(b.inertia);
  });

  it('is deterministic under a seed (weights, greedy seeding, sklearn stopping, screening)', () => {
    const { matrix, counts } = weightedBlobs();
    for (const extra of [
      {},
      { localTrials: 3 },
      { convergence: 'sklearn' as const },
      { screenRows: 100, localTrials: 2 },
    ]) {
      const options = { k: 5, seed: 11, restarts: 4, weights: counts, ...extra };
      const a = kmeans(matrix, options);
      const b = kmeans(matrix, options);
      expect(Array.from(a.labels)).toEqual(Array.from(b.labels));
      expect(Array.from(a.centroids)).toEqual(Array.from(b.centroids));
      expect(a.inertia).toBe(b.inertia);
      expect(Math.min(...a.sizes)).toBeGreaterThan(0);
    }
  });

  it('accepts float64 values: same result as float32 for values float32 holds exactly', () => {
    const m = createEmbeddingMatrix(
      40,
      2,
      Float32Array.from({ length: 80 }, (_, i) => (i * 37) % 23),
    );
    const a = kmeans(m, { k: 4, seed: 2, localTrials: 2 });
    const b = kmeans({ rows: 40, dim: 2, data: Float64Array.from(m.data) }, { k: 4, seed: 2, localTrials: 2 });
    expect(Array.from(b.labels)).toEqual(Array.from(a.labels));
    expect(b.inertia).toBe(a.inertia);
  });

  it('rejects bad weights and options with input errors', () => {
    const m = createEmbeddingMatrix(4, 2, Float32Array.from([0, 0, 1, 1, 5, 5, 6, 6]));
    const bad = (options: object) => () => kmeans(m, { k: 2, ...options });
    expect(bad({ weights: new Float64Array(3).fill(1) })).toThrow(/kmeans.weights.*3 values but the matrix has 4 rows/);
    expect(bad({ weights: Float64Array.from([1, 0, 1, 1]) })).toThrow(/row 1 has weight 0/);
    expect(bad({ weights: Float64Array.from([1, 1, -2, 1]) })).toThrow(/row 2 has weight -2/);
    expect(bad({ weights: Float64Array.from([1, 1, 1, Number.NaN]) })).toThrow(/row 3 has weight NaN/);
    expect(bad({ localTrials: 0 })).toThrow(/kmeans.localTrials.*positive integer/);
    expect(bad({ localTrials: 1.5 })).toThrow(/kmeans.localTrials/);
    expect(bad({ convergence: 'total' })).toThrow(/kmeans.convergence/);
    expect(bad({ bounds: 'kd-tree' })).toThrow(/kmeans.bounds.*'elkan' or 'hamerly'/);
    try {
      bad({ weights: Float64Array.from([1, 0, 1, 1]) })();
    } catch (err) {
      expect(isInputError(err)).toBe(true);
    }
  });
});

describe("Hamerly's bounds (bounds: 'hamerly')", () => {
  it("reaches Elkan's result: same labels, centroids, inertia and iterations", () => {
    const { matrix, counts } = weightedBlobs();
    const { matrix: wide } = gaussianBlobs(6, 80, 12, 7, { separation: 1.5, spread: 1 });
    const cases: [EmbeddingMatrix, object][] = [
      [matrix, { k: 5, seed: 2 }],
      [matrix, { k: 8, seed: 4, weights: counts, localTrials: 3, convergence: 'sklearn', tolerance: 1e-4 }],
      [wide, { k: 6, seed: 9, tolerance: 0, maxIterations: 1000 }],
      [wide, { k: 1, seed: 1 }],
    ];
    for (const [m, options] of cases) {
      const e = kmeans(m, { k: 2, ...options });
      const h = kmeans(m, { k: 2, ...options, bounds: 'hamerly' });
      expect(Array.from(h.labels)).toEqual(Array.from(e.labels));
      expect(Array.from(h.centroids)).toEqual(Array.from(e.centroids));
      expect(h.inertia).toBe(e.inertia);
      expect(h.iterations).toBe(e.iterations);
    }
    expect(kmeans(wide, { k: 6, seed: 9, tolerance: 0, maxIterations: 1000 }).iterations).toBeGreaterThan(5);
  });

  it('re-seeds empty clusters like Elkan', () => {
    const { matrix } = gaussianBlobs(3, 50, 4, 2);
    const init = new Float64Array(16);
    init.set(matrix.data.subarray(0, 4), 0);
    init.set(matrix.data.subarray(200, 204), 4);
    init.set(matrix.data.subarray(400, 404), 8);
    init.fill(1e6, 12); // no point near: empty after the first step
    const e = kmeans(matrix, { k: 4, initialCentroids: init });
    const h = kmeans(matrix, { k: 4, initialCentroids: init, bounds: 'hamerly' });
    expect(Array.from(h.sizes).every((v) => v > 0)).toBe(true);
    expect(Array.from(h.labels)).toEqual(Array.from(e.labels));
    expect(h.inertia).toBe(e.inertia);
  });
});

describe('greedy k-means++ (localTrials)', () => {
  // 1-D rows 0, 1, 2, 10, 11, 13; row 0 weighs 1e9, so it is (all but surely) the first centre.
  // The second centre that lowers Σ w·D² most is 11 (potential 1 + 4 + 1 + 0 + 4 = 10; 10 → 15, 13 → 18).
  const data = Float32Array.from([0, 1, 2, 10, 11, 13]);
  const weights = Float64Array.from([1e9, 1, 1, 1, 1, 1]);

  it('keeps the candidate that lowers the potential most', () => {
    const second = (seed: number, trials: number) =>
      weightedKmeansPlusPlus(data, 6, 1, 2, new Rng(seed), weights, trials);
    const plain = new Set<number>();
    for (let seed = 0; seed < 20; seed++) {
      const greedy = second(seed, 100); // P(11 never drawn in 100 draws ∝ D²) = (274/395)^100 < 1e-15
      expect(Array.from(greedy)).toEqual([0, 11]);
      plain.add(second(seed, 1)[1]);
    }
    expect(plain.size).toBeGreaterThan(1); // one draw: 11 only about 31 % of the time
  });

  it('draws one number for the first centre and `trials` per further centre', () => {
    const rng = new Rng(5);
    weightedKmeansPlusPlus(data, 6, 1, 3, rng, weights, 4);
    const ref = new Rng(5);
    for (let i = 0; i < 1 + 2 * 4; i++) ref.next();
    expect(rng.next()).toBe(ref.next());
  });

  it("stops with sklearn's rule no earlier than with the max-shift rule, labels on the final centres", () => {
    const { matrix, counts } = weightedBlobs();
    const init = weightedKmeansPlusPlus(matrix.data, matrix.rows, 4, 5, new Rng(2), counts, 3);
    const base = { k: 5, initialCentroids: init, weights: counts, tolerance: 1e-2 };
    const max = kmeans(matrix, base);
    const sk = kmeans(matrix, { ...base, convergence: 'sklearn' });
    expect(sk.iterations).toBeGreaterThanOrEqual(max.iterations);
    // sklearn's last assignment step: every row sits in the cluster of its nearest final centroid
    for (let i = 0; i < matrix.rows; i++) {
      let best = 0;
      let bestD = Infinity;
      for (let c = 0; c < 5; c++) {
        let d = 0;
        for (let t = 0; t < 4; t++) d += (matrix.data[i * 4 + t] - sk.centroids[c * 4 + t]) ** 2;
        if (d < bestD) {
          bestD = d;
          best = c;
        }
      }
      expect(sk.labels[i]).toBe(best);
    }
  });
});
