/**
 * Runs one BullMQ job with a batch's handlers: child jobs get their data, the
 * summary job its children's results and failures. Shared by the in-process
 * worker and the sandboxed processor (a worker thread) so both behave alike.
 */
import { UnrecoverableError } from 'bullmq';
import { childIndex, CHILD_JOB, PARENT_JOB } from './batch.js';
import { isPermanent } from './errors.js';

/** What a batch's parent job receives: its children's results and failures. */
export interface ChildResults<R> {
  /** Results of the children that finished, by child index. */
  readonly values: ReadonlyMap<number, R>;
  /** Children that failed for good, by child index, with the error message. */
  readonly failures: ReadonlyMap<number, string>;
}

/** The work of a batch: `child` per item, `parent` once over the results. */
export interface BatchHandlers<C, P, R, S> {
  child(data: C, job: { id: string; attempt: number }): Promise<R>;
  parent(data: P, children: ChildResults<R>): Promise<S>;
}

/** What dispatch needs of a job (a bullmq Job or a SandboxedJob). */
export interface DispatchableJob {
  readonly id?: string;
  readonly name: string;
  readonly data: unknown;
  readonly attemptsMade: number;
  getChildrenValues<T = unknown>(): Promise<Record<string, T>>;
  getIgnoredChildrenFailures(): Promise<Record<string, string>>;
}

function keyedByIndex<T>(record: Record<string, T>): Map<number, T> {
  return new Map(Object.entries(record).map(([key, value]) => [childIndex(key), value] as const));
}

export async function dispatchJob<C, P, R, S>(
  job: DispatchableJob,
  handlers: BatchHandlers<C, P, R, S>,
): Promise<R | S> {
  try {
    if (job.name === CHILD_JOB)
      return await handlers.child(job.data as C, { id: job.id ?? '', attempt: job.attemptsMade + 1 });
    if (job.name === PARENT_JOB) {
      const [values, failures] = await Promise.all([job.getChildrenValues<R>(), job.getIgnoredChildrenFailures()]);
      return await handlers.parent(job.data as P, { values: keyedByIndex(values), failures: keyedByIndex(failures) });
    }
    throw new UnrecoverableError(`unknown job type "${job.name}"`);
  } catch (err) {
    if (isPermanent(err)) throw new UnrecoverableError((err as Error).message);
    throw err;
  }
}

/**
 * The default export of a sandboxed processor file:
 * `export default sandboxProcessor(handlers)`; pass the file to startWorker.
 */
export function sandboxProcessor<C, P, R, S>(
  handlers: BatchHandlers<C, P, R, S>,
): (job: DispatchableJob) => Promise<R | S> {
  return (job) => dispatchJob(job, handlers);
}
