import { describe, expect, it } from 'vitest';
import { parseTrainingLog } from './index.js';

/** The object packages/train/src/train.ts writes after each epoch. */
const trainerLog = {
  backend: 'wasm',
  epochsCompleted: 3,
  bestEpoch: 2,
  bestLoss: 0.81,
  split: { train: ['a', 'b'], validation: ['c'] },
  history: [
    { epoch: 1, trainLoss: 1.5, valLoss: 1.2, lr: 0.001 },
    { epoch: 2, trainLoss: 0.9, valLoss: 0.81, lr: 0.0009 },
    { epoch: 3, trainLoss: 0.7, valLoss: null, lr: 0.0008 },
  ],
  config: { seed: 1 },
};

describe('model/training-log.json', () => {
  it("reads the trainer's object form, every field kept", () => {
    expect(parseTrainingLog(JSON.parse(JSON.stringify(trainerLog)))).toEqual(trainerLog);
  });

  it('reads the older bare array of epochs as { history }', () => {
    const log = parseTrainingLog(trainerLog.history);
    expect(log).toEqual({ history: trainerLog.history });
    expect(log.bestEpoch).toBeUndefined();
  });

  it('names the file, the entry and the field', () => {
    expect(() => parseTrainingLog({ epochs: [] }, '/r/log.json')).toThrow(
      '/r/log.json: expected an array of epochs or an object with a "history" array',
    );
    expect(() => parseTrainingLog(null)).toThrow(/^model\/training-log\.json: expected/);
    expect(() => parseTrainingLog([{ epoch: 'one', trainLoss: 1 }])).toThrow(/entry 0: "epoch" must be a number/);
    expect(() =>
      parseTrainingLog({ ...trainerLog, history: [trainerLog.history[0], { epoch: 2, trainLoss: '0.9' }] }),
    ).toThrow(/not a valid training log: entry 1: "trainLoss" must be a number/);
    expect(() => parseTrainingLog({ ...trainerLog, bestEpoch: -1 })).toThrow(/not a valid training log: "bestEpoch": /);
    const { backend: _, ...noBackend } = trainerLog;
    expect(() => parseTrainingLog(noBackend)).toThrow(/"backend": /);
  });
});
