/**
 * `model/training-log.json`, as `@cuts/train`'s `trainCuts` writes it after every epoch:
 *
 *   { backend, epochsCompleted, bestEpoch, bestLoss, split: { train, validation },
 *     history: [{ epoch, trainLoss, valLoss, lr }], config }
 *
 * (The trainer writes it itself, so a crash leaves the log of the last finished epoch;
 * `@cuts/train` does not depend on this package; a test checks a real run's log against
 * this schema.) A bare array of epochs, written by runs before the trainer's object form,
 * is still read: it parses to `{ history }`.
 */
import { z } from 'zod';
import { CutsInputError } from '@cuts/core/browser';
import { RUN_FILES } from './paths.js';

/** Schema of one epoch in `model/training-log.json`. */
export const trainingLogEntrySchema = z.object(
  {
    epoch: z.number({ error: '"epoch" must be a number' }),
    trainLoss: z.number({ error: '"trainLoss" must be a number' }).nullable(),
    /** null when there is no validation split. */
    valLoss: z.number().nullable().optional(),
    lr: z.number().optional(),
  },
  { error: 'expected an object' },
);

/** One epoch of the training log: losses and learning rate. */
export type TrainingLogEntry = z.infer<typeof trainingLogEntrySchema>;

/** The object the trainer writes (extra keys allowed: a newer trainer may add some). */
export const trainingLogSchema = z.looseObject({
  backend: z.string(),
  epochsCompleted: z.int().min(0),
  /** 1-based epoch of the best checkpoint; 0 when none. */
  bestEpoch: z.int().min(0),
  bestLoss: z.number().nullable(),
  split: z.object({ train: z.array(z.string()), validation: z.array(z.string()) }),
  history: z.array(trainingLogEntrySchema),
  config: z.unknown(),
});

/** The training log as readers use it. */
export interface TrainingLog {
  readonly history: TrainingLogEntry[];
  /** 1-based epoch of the best checkpoint, when the file says (0: none yet). */
  readonly bestEpoch?: number;
  /** The rest of the trainer's object; absent for the older bare-array form. */
  readonly backend?: string;
  readonly epochsCompleted?: number;
  readonly bestLoss?: number | null;
  readonly split?: { readonly train: string[]; readonly validation: string[] };
  readonly config?: unknown;
}

function fail(error: z.ZodError, source: string, prefix: string): never {
  const issue = error.issues[0];
  const path = issue.path;
  const at = path.findIndex((p) => typeof p === 'number');
  const where = at >= 0 ? `entry ${String(path[at])}: ` : path.length ? `"${path.join('.')}": ` : '';
  throw new CutsInputError(`${prefix}${where}${issue.message}`, source);
}

/** Validates a parsed training-log.json (either form). Throws CutsInputError naming `source` and the bad entry. */
export function parseTrainingLog(json: unknown, source: string = RUN_FILES.trainingLog): TrainingLog {
  if (Array.isArray(json)) {
    const r = z.array(trainingLogEntrySchema).safeParse(json);
    if (!r.success) fail(r.error, source, '');
    return { history: r.data };
  }
  if (typeof json === 'object' && json !== null && Array.isArray((json as { history?: unknown }).history)) {
    const r = trainingLogSchema.safeParse(json);
    if (!r.success) fail(r.error, source, 'not a valid training log: ');
    return r.data;
  }
  throw new CutsInputError('expected an array of epochs or an object with a "history" array', source);
}
