import type { TrainingLogEntry } from './summary.js';

/** The training log as the viewer uses it. */
export interface TrainingLog {
  history: TrainingLogEntry[];
  /** 1-based epoch of the best checkpoint, when the file says. */
  bestEpoch?: number;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function checkEntries(entries: unknown[]): TrainingLogEntry[] {
  entries.forEach((e, i) => {
    if (!isObject(e)) throw new Error(`entry ${i}: expected an object`);
    if (typeof e.epoch !== 'number') throw new Error(`entry ${i}: "epoch" must be a number`);
    if (typeof e.trainLoss !== 'number' && e.trainLoss !== null) throw new Error(`entry ${i}: "trainLoss" must be a number`);
  });
  return entries as TrainingLogEntry[];
}

/**
 * `model/training-log.json` in either form: the object the trainer writes
 * (`{ history: [{epoch, trainLoss, valLoss, lr}], bestEpoch, ... }`, packages/train/src/train.ts)
 * or a bare array of epochs (older runs and hand-made files).
 */
export function parseTrainingLog(json: unknown): TrainingLog {
  if (Array.isArray(json)) return { history: checkEntries(json) };
  if (isObject(json) && Array.isArray(json.history)) {
    const best = json.bestEpoch;
    return { history: checkEntries(json.history), ...(typeof best === 'number' ? { bestEpoch: best } : {}) };
  }
  throw new Error('expected an array of epochs or an object with a "history" array');
}
