/**
 * The sandboxed processor `cuts worker` hands BullMQ: each concurrent job runs
 * in a worker thread of its own (own wasm backend, models cached across jobs),
 * so the worker's main thread keeps renewing job locks while images are
 * embedded and clustered.
 */
import { sandboxProcessor } from '@cuts/queue';
import { createWorkerResources } from './resources.js';
import { segmentHandlers } from './worker-handlers.js';

export default sandboxProcessor(segmentHandlers(createWorkerResources()));
