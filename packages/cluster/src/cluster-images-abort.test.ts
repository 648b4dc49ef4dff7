/**
 * An AbortSignal stops clustering at once, even of a single image (which
 * otherwise runs in the calling thread, where Ctrl-C cannot be noticed until
 * it finishes: issue 15, case 3).
 */
import { parseConfig } from '@cuts/core';
import { describe, expect, it } from 'vitest';
import { clusterImages } from './cluster-images.js';
import { workerScript } from './worker-script.js';
import { gaussianBlobs } from './test-utils/blobs.js';

const built = workerScript() !== undefined;
if (!built && (process.env.CI === 'true' || process.env.CI === '1'))
  throw new Error('CI=true but dist/cluster-worker.js is missing: build before testing');

const side = 96;
const config = parseConfig({}).cluster;
const one = [{ id: 'big', ...gaussianBlobs(4, (side * side) / 4, 32, 7), grid: { height: side, width: side } }];

describe.skipIf(!built)('clusterImages with a signal', () => {
  it('one image: the main thread stays free and an abort rejects with AbortError within a second', async () => {
    const controller = new AbortController();
    const started = performance.now();
    let ticks = 0;
    const timer = setInterval(() => ticks++, 10);
    const work = clusterImages(one, config, { seed: 1, workers: 1, signal: controller.signal });
    setTimeout(() => controller.abort(), 300);
    const err = await work.catch((e: unknown) => e);
    clearInterval(timer);
    const elapsed = performance.now() - started;
    expect((err as Error).name).toBe('AbortError');
    expect(ticks).toBeGreaterThan(5); // timers ran while clustering: the work was off the main thread
    expect(elapsed).toBeLessThan(1300 + 300);
  });

  it('an already-aborted signal rejects before any work; without an abort the result equals the in-thread one', async () => {
    const done = new AbortController();
    done.abort();
    await expect(clusterImages(one, config, { signal: done.signal })).rejects.toMatchObject({ name: 'AbortError' });
    const small = [{ id: 's', ...gaussianBlobs(4, 64, 8, 3), grid: { height: 16, width: 16 } }];
    const viaWorker = await clusterImages(small, config, {
      seed: 2,
      workers: 1,
      signal: new AbortController().signal,
      methods: ['kmeans'],
    });
    const inThread = await clusterImages(small, config, { seed: 2, workers: 1, methods: ['kmeans'] });
    expect(Array.from(viaWorker[0].kmeans!.map.data)).toEqual(Array.from(inThread[0].kmeans!.map.data));
  });
});
