/**
 * `cuts segment --queue redis://…`: writes the output run's config, submits one
 * BullMQ flow (one job per image, a summary job as parent) and, unless
 * `--no-wait`, waits for the summary, showing progress. `--status` reports the
 * last batch submitted for that output folder.
 */
import path from 'node:path';
import type { ClusterMethod } from '@cuts/cluster';
import { discoverDataset } from '@cuts/data';
import {
  batchStatus,
  displayQueueUrl,
  newBatchId,
  openQueue,
  parseQueueUrl,
  submitBatch,
  waitForBatch,
  type BatchSpec,
} from '@cuts/queue';
import { CutsInputError } from '@cuts/core';
import { selectBackend } from '@cuts/train';
import type { CommandContext } from '../context.js';
import { printResult } from '../output.js';
import { runPaths } from '@cuts/run-folder';
import { exists, readJson, RunDir, writeJsonAtomic } from '../run-dir.js';
import { writeRunConfig } from '../run-config.js';
import { batchFile, type BatchFile, type BatchResult, type ImageJobData, type SummaryJobData } from './jobs.js';

export interface QueueSegmentOptions {
  readonly queue: string;
  readonly model: string;
  readonly data: string;
  readonly out: string;
  readonly methods?: readonly ClusterMethod[];
  readonly keepEmbeddings: boolean;
  readonly wait: boolean;
}

export async function queueSegment(ctx: CommandContext, options: QueueSegmentOptions): Promise<void> {
  const { config, reporter } = ctx;
  parseQueueUrl(options.queue);
  const modelRun = path.resolve(options.model);
  if (!(await exists(path.join(new RunDir(modelRun).at(runPaths.checkpoint('best')), 'model.json')))) {
    throw new CutsInputError('no trained model (model/best/model.json) in this run folder', modelRun);
  }
  const dataDir = path.resolve(options.data);
  const discovery = await discoverDataset(dataDir, { pairing: config.data.pairing });
  const runDir = new RunDir(path.resolve(options.out));
  await runDir.ensure();
  const backend = await selectBackend(config.backend, reporter);
  await writeRunConfig(runDir, {
    config,
    seed: config.seed,
    backend: backend.name,
    data: { dir: dataDir, demo: false },
  });

  const entries = discovery.entries.map((e) => ({
    id: e.id,
    imagePath: e.imagePath,
    rule: e.rule,
    ...(e.maskPath ? { maskPath: e.maskPath } : {}),
  }));
  const children: ImageJobData[] = entries.map((entry) => ({
    out: runDir.root,
    model: modelRun,
    entry,
    keepEmbeddings: options.keepEmbeddings,
    ...(options.methods ? { methods: options.methods } : {}),
  }));
  const spec: BatchSpec<ImageJobData, SummaryJobData> = {
    batchId: newBatchId(),
    children,
    parent: { out: runDir.root, dataDir, entries },
  };
  const queue = await openQueue(options.queue);
  try {
    await submitBatch(options.queue, spec);
    const file: BatchFile = {
      batchId: spec.batchId,
      queue: displayQueueUrl(options.queue),
      images: entries.length,
      submittedAt: new Date().toISOString(),
    };
    await writeJsonAtomic(batchFile(runDir), file);
    reporter.log('info', `batch ${spec.batchId}: ${entries.length} image(s) queued on ${file.queue}`);
    if (!options.wait) {
      printResult(ctx, { run: runDir.root, batch: spec.batchId, images: entries.length });
      return;
    }
    const result = await waitForBatch<ImageJobData, SummaryJobData, BatchResult>(options.queue, queue, {
      spec,
      signal: ctx.signal,
      onProgress: (done, total) => reporter.progress({ task: 'segment', done, total }),
      onResubmit: () =>
        reporter.log(
          'warn',
          `Redis no longer knows batch ${spec.batchId} (restarted without persistence?): submitting it again; finished images are skipped`,
        ),
    });
    reporter.end('segment');
    for (const f of result.failed) reporter.log('warn', `image ${f.id} failed: ${f.reason}`);
    printResult(
      ctx,
      { run: runDir.root, batch: spec.batchId, images: result.images, done: result.done, failed: result.failed.length },
      result.summary,
    );
  } finally {
    await queue.close();
  }
}

export async function queueStatus(ctx: CommandContext, queueUrl: string, out: string): Promise<void> {
  parseQueueUrl(queueUrl);
  const runDir = new RunDir(path.resolve(out));
  if (!(await exists(batchFile(runDir))))
    throw new CutsInputError(
      'no queued batch here (queue/batch.json); submit one with `cuts segment --queue`',
      runDir.root,
    );
  const batch = await readJson<BatchFile>(batchFile(runDir), 'batch file');
  const queue = await openQueue(queueUrl);
  try {
    const s = await batchStatus(queue, batch.batchId, batch.images);
    ctx.reporter.close();
    if (ctx.mode === 'json') {
      process.stdout.write(`${JSON.stringify({ run: runDir.root, batch: batch.batchId, ...s })}\n`);
      return;
    }
    if (ctx.mode === 'quiet') return;
    const lines = [
      `batch ${batch.batchId} on ${displayQueueUrl(queueUrl)}: ${s.total} image(s)`,
      `  done ${s.done}, failed ${s.failed}, active ${s.active}, waiting ${s.waiting}${s.missing ? `, unknown to Redis ${s.missing}` : ''}`,
      `  summary job: ${s.summary}`,
      ...s.failures.map((f) => `  failed: ${f.reason}`),
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    await queue.close();
  }
}
