import { describe, expect, it } from 'vitest';
import { lossCurveSvg } from './loss-plot.js';
import { parseTrainingLog } from '@cuts/run-folder';

/** model/training-log.json exactly as packages/train/src/train.ts writes it (writeFileAtomic of this object). */
const realLog = {
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

describe('parseTrainingLog', () => {
  it("reads the trainer's {history, bestEpoch} object (the format real runs write)", () => {
    const log = parseTrainingLog(realLog);
    expect(log.history.map((e) => [e.epoch, e.trainLoss, e.valLoss])).toEqual([
      [1, 1.5, 1.2],
      [2, 0.9, 0.81],
      [3, 0.7, null],
    ]);
    expect(log.bestEpoch).toBe(2);
    // and the plot draws both series from it (3 train vertices, 2 validation vertices)
    const svg = lossCurveSvg(log.history);
    const paths = [...svg.matchAll(/<path class="series (\w+)" d="([^"]+)"/g)].map((m) => [
      m[1],
      m[2].split(/[ML]/).filter(Boolean).length,
    ]);
    expect(paths).toEqual([
      ['train', 3],
      ['val', 2],
    ]);
  });

  it('still reads the older bare-array form', () => {
    const log = parseTrainingLog(realLog.history);
    expect(log.history).toHaveLength(3);
    expect(log.bestEpoch).toBeUndefined();
  });

  it('names the problem for anything else', () => {
    expect(() => parseTrainingLog({ epochs: [] })).toThrow(
      /expected an array of epochs or an object with a "history" array/,
    );
    expect(() => parseTrainingLog(null)).toThrow(/expected/);
    expect(() => parseTrainingLog([{ epoch: 'one', trainLoss: 1 }])).toThrow(/entry 0: "epoch" must be a number/);
  });
});
