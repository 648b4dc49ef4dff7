/**
 * A batch is one BullMQ flow: a parent job (the summary) whose children are the
 * per-item jobs. The parent runs once every child has finished or failed for
 * good (`ignoreDependencyOnFailure`: a failed item never blocks the batch).
 * Job ids are derived from the batch id, so submitting the same batch again
 * (after Redis lost its data) re-creates exactly the same jobs.
 */
import { randomBytes } from 'node:crypto';
import { FlowProducer, Queue } from 'bullmq';
import { CutsInputError } from '@cuts/core';
import { connectionOptions, displayQueueUrl, QUEUE_NAME } from './connection.js';

export const CHILD_JOB = 'item';
export const PARENT_JOB = 'summary';

/** A batch: its id, one child job per item, and the parent (summary) job that runs over their results. */
export interface BatchSpec<C, P> {
  readonly batchId: string;
  /** One job per item; `data` must be JSON. */
  readonly children: readonly C[];
  readonly parent: P;
  /** Tries per child for errors that may pass (default 3); permanent errors fail at once. */
  readonly attempts?: number;
}

/** A fresh, time-ordered batch id. */
export function newBatchId(): string {
  return `b${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
}

export const childJobId = (batchId: string, index: number): string => `${batchId}-${index}`;
export const parentJobId = (batchId: string): string => `${batchId}-summary`;

/** Index of a child in its batch, from its job id or job key (`bull:<queue>:<id>`). */
export function childIndex(jobIdOrKey: string): number {
  const m = /-(\d+)$/.exec(jobIdOrKey);
  return m ? Number(m[1]) : -1;
}

/** Opens the queue and checks Redis answers within `timeoutMs` (a clear error otherwise). */
export async function openQueue(url: string, timeoutMs = 10_000): Promise<Queue> {
  const queue = new Queue(QUEUE_NAME, { connection: connectionOptions(url) });
  queue.on('error', () => {}); // reconnects are handled by ioredis; waits resume after them
  const client = await queue.client;
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      (client as unknown as { ping(): Promise<string> }).ping(),
      new Promise((_, reject) => {
        timer = setTimeout(
          () =>
            reject(
              new CutsInputError(
                `Redis did not answer within ${timeoutMs / 1000} s (is redis-server running there?)`,
                displayQueueUrl(url),
              ),
            ),
          timeoutMs,
        );
      }),
    ]);
  } catch (err) {
    await queue.close().catch(() => {});
    throw err;
  } finally {
    clearTimeout(timer);
  }
  return queue;
}

/** Adds the batch's flow (parent + one child per item). */
export async function submitBatch<C, P>(url: string, spec: BatchSpec<C, P>): Promise<void> {
  const flow = new FlowProducer({ connection: connectionOptions(url) });
  flow.on('error', () => {});
  try {
    await flow.add({
      name: PARENT_JOB,
      queueName: QUEUE_NAME,
      data: spec.parent,
      opts: { jobId: parentJobId(spec.batchId), attempts: 3, backoff: { type: 'exponential', delay: 1000 } },
      children: spec.children.map((data, i) => ({
        name: CHILD_JOB,
        queueName: QUEUE_NAME,
        data,
        opts: {
          jobId: childJobId(spec.batchId, i),
          attempts: spec.attempts ?? 3,
          backoff: { type: 'exponential', delay: 1000 },
          ignoreDependencyOnFailure: true,
        },
      })),
    });
  } finally {
    await flow.close();
  }
}

/** A child job that failed for good, and why. */
export interface ChildFailure {
  readonly index: number;
  readonly reason: string;
}

/** How far a batch is: children done, failed, active and waiting, and the summary job. */
export interface BatchStatus {
  readonly total: number;
  readonly done: number;
  readonly failed: number;
  readonly active: number;
  /** Waiting, delayed (a retry's back-off) or prioritised. */
  readonly waiting: number;
  /** Jobs Redis does not know (lost with its data, or removed). */
  readonly missing: number;
  readonly failures: readonly ChildFailure[];
  /** The summary job's state ('waiting-children' until every child finished). */
  readonly summary: string;
}

/** Per-child states of a batch of `total` children. */
export async function batchStatus(queue: Queue, batchId: string, total: number): Promise<BatchStatus> {
  const counts = { done: 0, failed: 0, active: 0, waiting: 0, missing: 0 };
  const failedIds: number[] = [];
  const step = 256;
  for (let start = 0; start < total; start += step) {
    const ids = Array.from({ length: Math.min(step, total - start) }, (_, k) => start + k);
    const states = await Promise.all(ids.map((i) => queue.getJobState(childJobId(batchId, i))));
    states.forEach((s, k) => {
      if (s === 'completed') counts.done++;
      else if (s === 'failed') {
        counts.failed++;
        failedIds.push(ids[k]);
      } else if (s === 'active') counts.active++;
      else if (s === 'unknown') counts.missing++;
      else counts.waiting++;
    });
  }
  const failures = await Promise.all(
    failedIds.map(async (index) => ({
      index,
      reason: (await queue.getJob(childJobId(batchId, index)))?.failedReason ?? 'unknown',
    })),
  );
  const summary = await queue.getJobState(parentJobId(batchId));
  return { total, ...counts, failures, summary };
}

/** Options of `waitForBatch`. */
export interface WaitOptions<C, P> {
  readonly pollMs?: number;
  readonly signal?: AbortSignal;
  /** Called after each poll with the children finished so far (done + failed). */
  readonly onProgress?: (finished: number, total: number) => void;
  /** Called when Redis no longer knows the batch and it is submitted again. */
  readonly onResubmit?: () => void;
  readonly spec: BatchSpec<C, P>;
}

/**
 * Waits for the batch's summary job and returns its result. When Redis has
 * lost the batch (restarted without persistence, flushed) the same batch is
 * submitted again: children whose outputs exist finish at once (handlers are
 * expected to be idempotent).
 */
export async function waitForBatch<C, P, S>(url: string, queue: Queue, options: WaitOptions<C, P>): Promise<S> {
  const { spec } = options;
  const pollMs = options.pollMs ?? 500;
  const parentId = parentJobId(spec.batchId);
  for (;;) {
    if (options.signal?.aborted) throw Object.assign(new Error('interrupted'), { name: 'AbortError' });
    const state = await queue.getJobState(parentId);
    if (state === 'unknown') {
      options.onResubmit?.();
      await submitBatch(url, spec);
      continue;
    }
    const job = await queue.getJob(parentId);
    if (state === 'completed' && job) return job.returnvalue as S;
    if (state === 'failed' && job && job.finishedOn)
      throw new Error(`the batch's summary job failed: ${job.failedReason}`);
    if (job && options.onProgress) {
      const c = await job.getDependenciesCount({ processed: true, ignored: true });
      options.onProgress((c.processed ?? 0) + (c.ignored ?? 0), spec.children.length);
    }
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}
