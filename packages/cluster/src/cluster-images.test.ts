import { RecordingReporter, isInputError, parseConfig, type EmbeddingMatrix } from '@cuts/core';
import { describe, expect, it } from 'vitest';
import { clusterImage } from './cluster-image.js';
import { clusterImages } from './cluster-images.js';
import { workerScript } from './worker-script.js';
import { smallBlobConfig } from './test-utils/small-blob-config.js';
import { gaussianBlobs, samePartition } from './test-utils/blobs.js';

const side = 24;
const quadrant = (row: number): number => (Math.floor(row / side) < side / 2 ? 0 : 2) + (row % side < side / 2 ? 0 : 1);
const config = smallBlobConfig;
const images = [3, 4, 5].map((seed) => ({
  id: `img${seed}`,
  ...gaussianBlobs(4, (side * side) / 4, 12, seed, { truthOf: quadrant }),
  grid: { height: side, width: side },
}));

// The worker runs built JavaScript (dist/); CI builds before testing.
const built = workerScript() !== undefined;
if (!built && (process.env.CI === 'true' || process.env.CI === '1'))
  throw new Error('CI=true but dist/cluster-worker.js is missing: build before testing');

describe('clusterImage', () => {
  it('runs every method and recovers the quadrants', () => {
    const { matrix, truth, grid } = images[0];
    const r = clusterImage(matrix, grid, config);
    expect(samePartition(r.kmeans!.map.data, truth)).toBe(true);
    expect(samePartition(r.spectral_kmeans!.map.data, truth)).toBe(true);
    expect(r.spectral_kmeans!.chosenK).toBe(4);
    // the class map: the label-free k's clusters, one id per cluster, no clean-up
    expect(samePartition(r.spectral_kmeans!.classes!.data, truth)).toBe(true);
    expect(new Set(r.spectral_kmeans!.classes!.data).size).toBe(4);
    expect(r.diffusion!.levels.some((m) => samePartition(m.data, truth))).toBe(true);
    expect(r.diffusion!.persistent.height).toBe(side);
    expect(r.diffusion!.stackLevels).toBeGreaterThan(r.diffusion!.levels.length);
    expect(() => clusterImage(matrix, grid, config, ['nope' as never])).toThrow(/unknown clustering method "nope"/);
  });

  it('keeps a class of scattered pieces as one region in the class map, which the other maps split', () => {
    // two classes in a checkerboard of 4×4 tiles: every tile is its own connected region
    const tile = (row: number): number => (Math.floor(Math.floor(row / side) / 4) + Math.floor((row % side) / 4)) % 2;
    const { matrix, truth: cls } = gaussianBlobs(2, (side * side) / 2, 8, 7, { truthOf: tile });
    const grid = { height: side, width: side };
    const cfg = parseConfig({
      cluster: { minRegionFraction: 0.02, spectral: { knn: 30, landmarks: 40, pcaComponents: 0, components: 6 } },
    }).cluster;
    const r = clusterImage(matrix, grid, cfg, ['spectral_kmeans'], 1).spectral_kmeans!;
    expect(r.chosenK).toBe(2);
    expect(samePartition(r.classes!.data, cls)).toBe(true);
    // the chosen-k map after the region split has one id per tile (36 tiles)
    expect(new Set(r.chosenMap!.data).size).toBe(36);
  });

  it('survives degenerate input: every pixel identical', () => {
    const flat = { rows: 16 * 16, dim: 8, data: new Float32Array(16 * 16 * 8).fill(0.5) };
    const r = clusterImage(flat, { height: 16, width: 16 }, config);
    expect(r.kmeans!.inertia).toBeLessThan(1e-20);
    expect(Array.from(r.kmeans!.map.data).every((v) => v >= 0 && v < 4)).toBe(true);
    expect(r.spectral_kmeans!.map.data.length).toBe(256);
    // Identical points merge at once: the stack ends in one cluster.
    expect(r.diffusion!.stackLevels).toBeGreaterThanOrEqual(2);
  });
});

describe.skipIf(!built)('clusterImages across worker threads', () => {
  it('matches the in-thread results, in input order, with progress', async () => {
    const inputs = images.map(({ id, matrix, grid }) => ({ id, matrix, grid }));
    const reporter = new RecordingReporter();
    const parallel = await clusterImages(inputs, config, {
      workers: 2,
      reporter,
      seed: 1,
      methods: ['kmeans', 'diffusion'],
    });
    const serial = await clusterImages(inputs, config, { workers: 1, seed: 1, methods: ['kmeans', 'diffusion'] });
    expect(parallel.map((r) => r.id)).toEqual(['img3', 'img4', 'img5']);
    parallel.forEach((r, i) => {
      expect(Array.from(r.kmeans!.map.data)).toEqual(Array.from(serial[i].kmeans!.map.data));
      expect(r.diffusion!.salientLevels).toEqual(serial[i].diffusion!.salientLevels);
      expect(samePartition(r.kmeans!.map.data, images[i].truth)).toBe(true);
      expect(r.spectral_kmeans).toBeUndefined();
    });
    expect(reporter.updates.map((u) => u.done)).toEqual([0, 1, 2, 3]);
    expect(reporter.updates.every((u) => u.task === 'cluster' && u.total === 3)).toBe(true);
    expect(reporter.ended).toEqual(['cluster']);
  });

  it('reports bad input from a worker as an input error naming the image', async () => {
    const bad: EmbeddingMatrix = { rows: side * side, dim: 12, data: new Float32Array(side * side * 12) };
    bad.data[5 * 12] = Number.NaN;
    const inputs = [
      { id: 'good', matrix: images[0].matrix, grid: images[0].grid },
      { id: 'broken', matrix: bad, grid: images[0].grid },
    ];
    const err = await clusterImages(inputs, config, { workers: 2, methods: ['kmeans'] }).catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toMatch(/^image broken: embedding matrix: row 5, column 0 is NaN/);
    expect(isInputError(err)).toBe(true);
    // Same error without workers.
    const serial = await clusterImages(inputs, config, { workers: 1, methods: ['kmeans'] }).catch((e: Error) => e);
    expect((serial as Error).message).toBe((err as Error).message);
    expect(isInputError(serial)).toBe(true);
  });
});
