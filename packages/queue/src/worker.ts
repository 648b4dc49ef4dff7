/**
 * A worker process's side of a batch: takes child and summary jobs from the
 * queue and runs the caller's handlers. A handler's permanent error (bad
 * input) fails its job at once; others are retried with back-off. A worker
 * killed mid-job (kill -9) stops renewing the job's lock: after `lockMs` any
 * live worker's stalled-job check moves the job back to waiting.
 */
import { hostname } from 'node:os';
import { Worker, type Job } from 'bullmq';
import { connectionOptions, QUEUE_NAME } from './connection.js';
import { dispatchJob, type BatchHandlers } from './dispatch.js';

/** Options of `startWorker`. */
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

/** What a worker reports about the jobs it runs. */
export type WorkerEvent =
  | { type: 'completed'; jobId: string; name: string; seconds: number }
  | { type: 'failed'; jobId: string; name: string; reason: string; willRetry: boolean }
  | { type: 'stalled'; jobId: string }
  | { type: 'error'; message: string };

/** A worker taking jobs from the queue until closed. */
export interface RunningWorker {
  /** Finishes the jobs in progress, then disconnects. */
  close(): Promise<void>;
  readonly name: string;
}

/**
 * `processor`: the handlers, run in this thread, or the path of a processor
 * file (`export default sandboxProcessor(handlers)`) that BullMQ runs in
 * worker threads, one per concurrent job: CPU-bound handlers then never block
 * this thread's lock renewal, and `concurrency` uses that many cores.
 */
export function startWorker<C, P, R, S>(
  url: string,
  processor: BatchHandlers<C, P, R, S> | string,
  options: WorkerOptions = {},
): RunningWorker {
  const lockMs = options.lockMs ?? 30_000;
  const name = `${hostname()}:${process.pid}`;
  const emit = options.onEvent ?? (() => {});
  const worker = new Worker(
    QUEUE_NAME,
    typeof processor === 'string' ? processor : (job: Job) => dispatchJob(job, processor),
    {
      connection: connectionOptions(url),
      name,
      concurrency: options.concurrency ?? 1,
      lockDuration: lockMs,
      stalledInterval: options.stalledCheckMs ?? lockMs,
      maxStalledCount: options.maxStalled ?? 3,
      removeOnComplete: { age: 7 * 24 * 3600 },
      removeOnFail: { age: 30 * 24 * 3600 },
      useWorkerThreads: typeof processor === 'string',
    },
  );
  worker.on('completed', (job) => {
    emit({
      type: 'completed',
      jobId: job.id!,
      name: job.name,
      seconds: ((job.finishedOn ?? Date.now()) - (job.processedOn ?? Date.now())) / 1000,
    });
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
