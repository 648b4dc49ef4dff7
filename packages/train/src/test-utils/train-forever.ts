// Child process for the crash-safety test: trains a tiny configuration for a very
// long time on 2 retina images, writing checkpoints every epoch, until killed.
import { parseConfig } from '@cuts/core';
import { loadDataset } from '@cuts/data';
import { trainCuts } from '../train.js';

const [dataDir, checkpointDir, resume] = process.argv.slice(2);
const items = await loadDataset(dataDir, { limit: 2 });
const config = parseConfig({
  seed: 4,
  sampler: { anchorsPerImage: 2 },
  train: { epochs: 100000, iterationsPerEpoch: 1, batchSize: 1, warmupEpochs: 0, validationFraction: 0.5 },
});
await trainCuts({ items, config, checkpointDir, resume: resume === 'resume' });
