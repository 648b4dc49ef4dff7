/**
 * `cuts worker --queue redis://…`: takes segmentation jobs from the queue
 * until Ctrl-C / SIGTERM (then finishes the jobs in progress and exits 0).
 * Run one per core, on any number of machines that see the same model, data
 * and output folders at the same paths.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { displayQueueUrl, openQueue, startWorker } from '@cuts/queue';
import { createContext, parseIntegerFlag, type CommonOptions } from '../context.js';
import { addCommonOptions } from '../options.js';
import { createWorkerResources } from '../queue/resources.js';
import { segmentHandlers } from '../queue/worker-handlers.js';

interface WorkerFlags extends CommonOptions {
  queue: string;
  concurrency?: string;
  lockMs?: string;
}

async function workerAction(flags: WorkerFlags): Promise<void> {
  const ctx = await createContext(flags);
  const { reporter } = ctx;
  await (await openQueue(flags.queue)).close(); // a clear error now if Redis is not there
  const resources = createWorkerResources(reporter);
  // Built: jobs run in worker threads. From sources (tsx, tests): in this thread.
  const processorFile = fileURLToPath(new URL('../queue/processor.js', import.meta.url));
  const sandboxed = existsSync(processorFile);
  if (!sandboxed) reporter.log('warn', 'processor.js not found (unbuilt sources?): jobs run in the main thread');
  const worker = startWorker(flags.queue, sandboxed ? processorFile : segmentHandlers(resources), {
    concurrency: parseIntegerFlag(flags.concurrency, '--concurrency', 1) ?? 1,
    lockMs: parseIntegerFlag(flags.lockMs, '--lock-ms', 1000),
    onEvent: (e) => {
      if (e.type === 'completed') reporter.log('debug', `job ${e.jobId} (${e.name}) done in ${e.seconds.toFixed(2)} s`);
      else if (e.type === 'failed')
        reporter.log('warn', `job ${e.jobId} (${e.name}) failed${e.willRetry ? ' (will retry)' : ''}: ${e.reason}`);
      else if (e.type === 'stalled') reporter.log('warn', `job ${e.jobId} stalled (its worker stopped); retrying it`);
      else reporter.log('debug', `queue connection: ${e.message}`);
    },
  });
  reporter.log('info', `worker ${worker.name} waiting for jobs on ${displayQueueUrl(flags.queue)} (Ctrl-C to stop)`);
  await new Promise<void>((resolve) => ctx.signal.addEventListener('abort', () => resolve(), { once: true }));
  await worker.close();
  resources.dispose();
  reporter.log('info', `worker ${worker.name} stopped`);
}

export function registerWorker(program: Command): void {
  addCommonOptions(
    program
      .command('worker')
      .description('process queued `cuts segment --queue` jobs (BullMQ on Redis) until stopped')
      .requiredOption('--queue <redis-url>', 'the Redis the batches are queued on (redis://host:port)')
      .option('--concurrency <n>', 'jobs at once in this process (default 1; start one worker per core instead)')
      .option(
        '--lock-ms <ms>',
        "how long a job's lock lives without renewal; a killed worker's job is retried after it (default 30000)",
      ),
  )
    .addHelpText('after', '\nExample:\n  $ cuts worker --queue redis://10.0.0.5:6379')
    .action(workerAction);
}
