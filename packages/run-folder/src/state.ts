/**
 * `state.json`: what a run has finished, rewritten after each unit of work so `--resume`
 * skips finished stages and images.
 */
import { z } from 'zod';
import { CutsInputError } from '@cuts/core/browser';
import { RUN_FILES } from './paths.js';

/** The stages of `cuts run`, in order; `state.json` records which have finished. */
export const STAGE_NAMES = ['train', 'embed', 'cluster', 'controls', 'baselines', 'evaluate'] as const;
/** One of {@link STAGE_NAMES}. */
export type StageName = (typeof STAGE_NAMES)[number];

const stage = z.enum(STAGE_NAMES);

/** The state.json schema; each message names the field, for the error a user sees. */
export const runStateSchema = z.object(
  {
    version: z.literal(1, { error: 'expected an object with "version": 1' }),
    finished: z.array(stage, { error: '"finished" must list stage names' }),
    seconds: z.partialRecord(stage, z.number().refine(Number.isFinite), {
      error: '"seconds" must map stage names to numbers',
    }),
    done: z.partialRecord(stage, z.array(z.string()), { error: '"done" must map stage names to lists of image ids' }),
  },
  { error: 'expected an object with "version": 1' },
);

/** The parsed `state.json`: finished stages, seconds per stage, images done per stage. */
export interface RunState {
  readonly version: 1;
  /** Seconds spent per stage (accumulated across resumed sessions). */
  seconds: Partial<Record<StageName, number>>;
  /** Stages fully finished. */
  finished: StageName[];
  /** Images whose stage outputs are fully written, per stage. */
  done: Partial<Record<StageName, string[]>>;
}

/** A new run's state: nothing finished. */
export const emptyRunState = (): RunState => ({ version: 1, seconds: {}, finished: [], done: {} });

const FIELD_MESSAGES: Record<string, string> = {
  finished: '"finished" must list stage names',
  seconds: '"seconds" must map stage names to numbers',
  done: '"done" must map stage names to lists of image ids',
};

/**
 * Validates a parsed state.json. Throws CutsInputError naming `source` and the first bad
 * field, e.g. `not a valid run state ("finished" must list stage names)`; `hint` is appended.
 */
export function parseRunState(json: unknown, source: string = RUN_FILES.state, hint?: string): RunState {
  const result = runStateSchema.safeParse(json);
  if (result.success) return result.data as RunState;
  const issue = result.error.issues[0];
  const field = typeof issue.path[0] === 'string' ? issue.path[0] : '';
  const what = FIELD_MESSAGES[field] ?? 'expected an object with "version": 1';
  throw new CutsInputError(`not a valid run state (${what})${hint ? `; ${hint}` : ''}`, source);
}

/** The JSON text of a state.json (validated first). */
export function formatRunState(state: RunState, source: string = RUN_FILES.state): string {
  parseRunState(state, source);
  return `${JSON.stringify(state, null, 2)}\n`;
}
