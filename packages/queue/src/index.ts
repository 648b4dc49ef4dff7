/**
 * `@cuts/queue`: batches of per-image jobs on BullMQ + Redis: submit a batch
 * (one child job per item and a summary job over their results), run
 * workers, watch and report a batch. Job ids, job names and the raw
 * dispatcher are internal. A real `redis-server` for tests is in
 * `@cuts/queue/test-redis`.
 *
 * @packageDocumentation
 */
export {
  batchStatus,
  newBatchId,
  openQueue,
  submitBatch,
  waitForBatch,
  type BatchSpec,
  type BatchStatus,
  type ChildFailure,
  type WaitOptions,
} from './batch.js';
export { displayQueueUrl, parseQueueUrl, QUEUE_NAME, type RedisAddress } from './connection.js';
export { sandboxProcessor, type BatchHandlers, type ChildResults, type DispatchableJob } from './dispatch.js';
export { isPermanent, PermanentJobError } from './errors.js';
export { startWorker, type RunningWorker, type WorkerEvent, type WorkerOptions } from './worker.js';
