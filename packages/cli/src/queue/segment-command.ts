/** The `--queue`, `--status` and `--no-wait` flags of `cuts segment`, and their action. */
import path from 'node:path';
import type { Command } from 'commander';
import { CutsInputError } from '@cuts/core';
import { createContext, type CommonOptions } from '../context.js';
import { parseMethods } from '../options.js';
import { RunDir } from '../run-dir.js';
import { readRunConfig } from '../run-config.js';
import { queueSegment, queueStatus } from './segment.js';

export interface QueueSegmentFlags extends CommonOptions {
  queue?: string;
  status?: boolean;
  wait?: boolean;
  model?: string;
  data?: string;
  out?: string;
  methods?: string;
  keepEmbeddings?: boolean;
}

export function addQueueOptions(cmd: Command): Command {
  return cmd
    .option(
      '--queue <redis-url>',
      'run on `cuts worker`s through BullMQ on this Redis (redis://host:port); see docs/scale.md',
    )
    .option('--status', "with --queue and --out: show the batch's done / failed / active / waiting images")
    .option('--no-wait', 'with --queue: submit the batch and return without waiting for it');
}

/** True when the segment command should go through the queue. */
export const wantsQueue = (flags: QueueSegmentFlags): boolean => flags.queue !== undefined || flags.status === true;

export async function queueSegmentAction(flags: QueueSegmentFlags): Promise<void> {
  if (!flags.queue) throw new CutsInputError('--status needs --queue <redis-url>', '--status');
  if (!flags.out) throw new CutsInputError('required option not given', '--out');
  if (flags.status) return queueStatus(await createContext(flags), flags.queue, flags.out);
  if (!flags.model) throw new CutsInputError('required option not given', '--model');
  if (!flags.data) throw new CutsInputError('required option not given', '--data');
  const base = (await readRunConfig(new RunDir(path.resolve(flags.model)))).config;
  const ctx = await createContext(flags, base);
  await queueSegment(ctx, {
    queue: flags.queue,
    model: flags.model,
    data: flags.data,
    out: flags.out,
    methods: parseMethods(flags.methods),
    keepEmbeddings: flags.keepEmbeddings === true,
    wait: flags.wait !== false,
  });
}
