import { parseConfig } from '@cuts/core';
import { describe, expect, it } from 'vitest';
import { clusterImage } from './cluster-image.js';
import { clusterImages } from './cluster-images.js';
import { ClusterPool } from './cluster-pool.js';
import { workerScript } from './worker-script.js';
import { smallBlobConfig } from './test-utils/small-blob-config.js';
import { gaussianBlobs } from './test-utils/blobs.js';

const side = 24;
const config = smallBlobConfig;
const image = (seed: number) => ({
  id: `img${seed}`,
  ...gaussianBlobs(4, (side * side) / 4, 12, seed),
  grid: { height: side, width: side },
});

const built = workerScript() !== undefined;
if (!built && (process.env.CI === 'true' || process.env.CI === '1'))
  throw new Error('CI=true but dist/cluster-worker.js is missing: build before testing');

describe.skipIf(!built)('ClusterPool (workers kept across clusterImages calls)', () => {
  it('serves several calls with the same results as this thread, until closed', async () => {
    const pool = ClusterPool.start(2)!;
    expect(pool.size).toBe(2);
    try {
      for (const seeds of [
        [3, 4, 5],
        [6, 7],
      ]) {
        const imgs = seeds.map(image);
        const viaPool = await clusterImages(imgs, config, { seed: 1, pool });
        for (const [i, img] of imgs.entries()) {
          const here = clusterImage(img.matrix, img.grid, config, undefined, 1);
          expect(viaPool[i].id).toBe(img.id);
          expect(Array.from(viaPool[i].kmeans!.map.data)).toEqual(Array.from(here.kmeans!.map.data));
          expect(Array.from(viaPool[i].spectral_kmeans!.map.data)).toEqual(Array.from(here.spectral_kmeans!.map.data));
          expect(Array.from(viaPool[i].diffusion!.persistent.data)).toEqual(
            Array.from(here.diffusion!.persistent.data),
          );
        }
      }
    } finally {
      await pool.close();
    }
    await expect(clusterImages([image(3)], config, { pool })).rejects.toMatchObject({ name: 'AbortError' });
    await pool.close(); // twice is fine
  });

  it('a bad image fails its own call with its id; the pool serves the next call', async () => {
    const pool = ClusterPool.start(1)!;
    try {
      const bad = { ...image(3), id: 'bad', grid: { height: side, width: side + 1 } };
      await expect(clusterImages([image(4), bad], config, { seed: 1, pool })).rejects.toThrow(/image bad: /);
      const [ok] = await clusterImages([image(5)], config, { seed: 1, pool, methods: ['kmeans'] });
      expect(new Set(ok.kmeans!.map.data).size).toBeGreaterThanOrEqual(4);
    } finally {
      await pool.close();
    }
  });

  it('an abort stops a borrowed pool too', async () => {
    const pool = ClusterPool.start(1)!;
    const controller = new AbortController();
    const big = { id: 'big', ...gaussianBlobs(4, 96 * 24, 32, 7), grid: { height: 96, width: 96 } };
    const work = clusterImages([big], parseConfig({}).cluster, { pool, signal: controller.signal });
    setTimeout(() => controller.abort(), 200);
    await expect(work).rejects.toMatchObject({ name: 'AbortError' });
    await expect(pool.run({ ...image(3), config, methods: ['kmeans'], seed: 1 })).rejects.toMatchObject({
      name: 'AbortError',
    });
  });
});
