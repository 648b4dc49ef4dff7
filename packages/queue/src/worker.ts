/**
 * A worker process's side of a batch: takes child and summary jobs from the
 * queue and runs the caller's handlers. A handler's permanent error (bad
 * input) fails its job at once; others are retried with back-off. A worker
 * killed mid-job (kill -9) stops renewing the job's lock: after `lockMs` any
 * live worker's stalled-job check moves the job back to waiting.
 */
import { hostname } from 'node:os';
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import { childIndex, CHILD_JOB, PARENT_JOB } from './batch.js';
import { connectionOptions, QUEUE_NAME } from './connection.js';
import { isPermanent } from './errors.js';

export interface ChildResults<R> {
  /** Results of the children that finished, by child index. */
  readonly values: ReadonlyMap<number, R>;
  /** Children that failed for good, by child index, with the error message. */
  readonly failures: ReadonlyMap<number, string>;
}

export interface BatchHandlers<C, P, R, S> {
  child(data: C, job: { id: string; attempt: number }): Promise<R>;
  parent(data: P, children: ChildResults<R>): Promise<S>;
}

export interface WorkerOptions {
  /** Jobs run at once in this process (default 1). */
  readonly concurrency?: number;
  /** How long a job's lock lives without renewal (default 30 s): a dead worker's job is retried after it. */
  readonly lockMs?: number;
  /** How often this worker looks for stalled jobs (default lockMs). */
  readonly stalledCheckMs?: number;
  /** Times a job may stall (its worker died) before it fails (default 3). */
  readonly maxStalled?: number;
  /** Called when a job finishes, fails, stalls, or the connection reports an error. */
  readonly onEvent?: (event: WorkerEvent) => void;
}

export type WorkerEvent =
  | { type: 'completed'; jobId: string; name: string; seconds: number }
  | { type: 'failed'; jobId: string; name: string; reason: string; willRetry: boolean }
  | { type: 'stalled'; jobId: string }
  | { type: 'error'; message: string };

export interface RunningWorker {
  /** Finishes the jobs in progress, then disconnects. */
  close(): Promise<void>;
  readonly name: string;
}

function keyedByIndex<T>(record: Record<string, T>): Map<number, T> {
  return new Map(Object.entries(record).map(([key, value]) => [childIndex(key), value] as const));
}

export function startWorker<C, P, R, S>(url: string, handlers: BatchHandlers<C, P, R, S>, options: WorkerOptions = {}): RunningWorker {
  const lockMs = options.lockMs ?? 30_000;
  const name = `${hostname()}:${process.pid}`;
  const emit = options.onEvent ?? (() => {});
  const worker = new Worker(
    QUEUE_NAME,
    async (job: Job) => {
      try {
        if (job.name === CHILD_JOB) return await handlers.child(job.data as C, { id: job.id!, attempt: job.attemptsMade + 1 });
        if (job.name === PARENT_JOB) {
          const [values, failures] = await Promise.all([job.getChildrenValues<R>(), job.getIgnoredChildrenFailures()]);
          return await handlers.parent(job.data as P, { values: keyedByIndex(values), failures: keyedByIndex(failures) });
        }
        throw new UnrecoverableError(`unknown job type "${job.name}"`);
      } catch (err) {
        if (isPermanent(err)) throw new UnrecoverableError((err as Error).message);
        throw err;
      }
    },
    {
      connection: connectionOptions(url),
      name,
      concurrency: options.concurrency ?? 1,
      lockDuration: lockMs,
      stalledInterval: options.stalledCheckMs ?? lockMs,
      maxStalledCount: options.maxStalled ?? 3,
      removeOnComplete: { age: 7 * 24 * 3600 },
      removeOnFail: { age: 30 * 24 * 3600 },
    },
  );
  worker.on('completed', (job) => {
    emit({ type: 'completed', jobId: job.id!, name: job.name, seconds: ((job.finishedOn ?? Date.now()) - (job.processedOn ?? Date.now())) / 1000 });
  });
  worker.on('failed', (job, err) => {
    if (!job) return;
    const attempts = job.opts.attempts ?? 1;
    const willRetry = err.name !== 'UnrecoverableError' && job.attemptsMade < attempts;
    emit({ type: 'failed', jobId: job.id!, name: job.name, reason: err.message, willRetry });
  });
  worker.on('stalled', (jobId) => emit({ type: 'stalled', jobId }));
  worker.on('error', (err) => emit({ type: 'error', message: err.message }));
  return { name, close: () => worker.close() };
}
