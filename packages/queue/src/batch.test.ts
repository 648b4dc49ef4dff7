/**
 * Batches against a real redis-server: results reach the summary, a permanent
 * error fails only its own item (no retry), a passing error is retried, and a
 * Redis that lost its data mid-batch gets the batch again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Queue } from 'bullmq';
import { batchStatus, newBatchId, openQueue, submitBatch, waitForBatch, type BatchSpec } from './batch.js';
import { PermanentJobError } from './errors.js';
import type { BatchHandlers } from './dispatch.js';
import { startWorker, type RunningWorker } from './worker.js';
import { startTestRedis, type TestRedis } from './test-redis.js';

interface Item {
  n: number;
  mode?: 'permanent' | 'flaky' | 'slow';
}
interface Summary {
  sum: number;
  failed: Record<number, string>;
  done: number[];
}

let redis: TestRedis;
let queue: Queue;
let worker: RunningWorker;
const tries = new Map<number, number>();

const handlers: BatchHandlers<Item, { label: string }, number, Summary> = {
  async child(item) {
    tries.set(item.n, (tries.get(item.n) ?? 0) + 1);
    if (item.mode === 'permanent') throw new PermanentJobError(`item ${item.n} is corrupt`);
    if (item.mode === 'flaky' && tries.get(item.n) === 1) throw new Error('passing trouble');
    if (item.mode === 'slow') await new Promise((r) => setTimeout(r, 150));
    return item.n * item.n;
  },
  async parent(_data, children) {
    return {
      sum: [...children.values.values()].reduce((a, b) => a + b, 0),
      failed: Object.fromEntries(children.failures),
      done: [...children.values.keys()].sort((a, b) => a - b),
    };
  },
};

beforeAll(async () => {
  redis = await startTestRedis();
  queue = await openQueue(redis.url);
  worker = startWorker(redis.url, handlers, { concurrency: 4, lockMs: 2000 });
});
afterAll(async () => {
  await worker?.close();
  await queue?.close();
  await redis?.stop();
});

describe('batch on BullMQ', () => {
  it('runs every item, fails the corrupt one alone without retrying it, retries a passing error', async () => {
    const items: Item[] = Array.from({ length: 10 }, (_, n) => ({ n }));
    items[3] = { n: 3, mode: 'permanent' };
    items[5] = { n: 5, mode: 'flaky' };
    const spec: BatchSpec<Item, { label: string }> = { batchId: newBatchId(), children: items, parent: { label: 't' } };
    await submitBatch(redis.url, spec);
    const summary = await waitForBatch<Item, { label: string }, Summary>(redis.url, queue, { spec, pollMs: 50 });
    // 0² + 1² + … + 9² = 285, less 3² for the corrupt item.
    expect(summary.sum).toBe(285 - 9);
    expect(summary.done).toEqual([0, 1, 2, 4, 5, 6, 7, 8, 9]);
    expect(summary.failed).toEqual({ 3: 'item 3 is corrupt' });
    expect(tries.get(3)).toBe(1);
    expect(tries.get(5)).toBe(2);
    const status = await batchStatus(queue, spec.batchId, items.length);
    expect(status).toMatchObject({
      total: 10,
      done: 9,
      failed: 1,
      active: 0,
      waiting: 0,
      missing: 0,
      summary: 'completed',
    });
    expect(status.failures).toEqual([{ index: 3, reason: 'item 3 is corrupt' }]);
  });

  it('submits the batch again when Redis restarts empty mid-batch', async () => {
    tries.clear();
    const items: Item[] = Array.from({ length: 30 }, (_, n) => ({ n, mode: 'slow' }));
    const spec: BatchSpec<Item, { label: string }> = { batchId: newBatchId(), children: items, parent: { label: 'r' } };
    await submitBatch(redis.url, spec);
    let resubmitted = 0;
    let restarted = false;
    const summary = await waitForBatch<Item, { label: string }, Summary>(redis.url, queue, {
      spec,
      pollMs: 50,
      onResubmit: () => resubmitted++,
      onProgress: (finished) => {
        if (!restarted && finished >= 4) {
          restarted = true;
          void redis.restart();
        }
      },
    });
    expect(restarted).toBe(true);
    expect(resubmitted).toBeGreaterThanOrEqual(1);
    expect(summary.done).toEqual(items.map((it) => it.n));
    expect(summary.sum).toBe(items.reduce((a, it) => a + it.n * it.n, 0));
    // Items finished before the restart ran again (this handler is not idempotent on purpose).
    expect([...tries.values()].some((t) => t > 1)).toBe(true);
  });
});
