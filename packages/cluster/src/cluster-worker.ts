/**
 * Worker-thread entry: clusters the images it is sent, one message per image.
 * Started by ClusterPool (clusterImages); never imported by user code.
 */
import { parentPort } from 'node:worker_threads';
import { clusterImage } from './cluster-image.js';
import type { WorkerJob, WorkerReply } from './cluster-pool.js';

if (!parentPort) throw new Error('cluster-worker must run inside a worker thread');
const port = parentPort;
port.on('message', (job: WorkerJob) => {
  let reply: WorkerReply;
  try {
    const result = clusterImage(job.matrix, job.grid, job.config, job.methods, job.seed);
    reply = { result };
  } catch (err) {
    const e = err as Error & { path?: string };
    reply = { error: { name: e.name, message: e.message, path: e.path } };
  }
  port.postMessage(reply);
});
