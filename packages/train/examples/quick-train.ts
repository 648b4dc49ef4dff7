// Trains CUTS for 5 short epochs on 6 retina images, then embeds one image.
// Run: pnpm --filter @cuts/train exec tsx --conditions=@cuts/source examples/quick-train.ts
import { parseConfig } from '@cuts/core';
import { sharedDataPath } from '@cuts/core/testing';
import { loadDataset } from '@cuts/data';
import { disposeModel, embedImage, reconstructImage, trainCuts } from '../src/index.js';

const items = await loadDataset(sharedDataPath('retina_ga')!, { limit: 6 });
const config = parseConfig({
  seed: 1,
  train: { epochs: 5, warmupEpochs: 1, batchSize: 4, iterationsPerEpoch: 4, workers: 1 },
});
const { model, history, bestEpoch } = await trainCuts({ items, config, checkpointDir: '/tmp/cuts-quick' });
for (const h of history)
  console.log(
    `epoch ${h.epoch}  train ${h.trainLoss.toFixed(4)}  val ${h.valLoss?.toFixed(4)}  lr ${h.lr.toExponential(2)}`,
  );
const z = embedImage(model, items[0].image);
const rec = reconstructImage(model, items[0].image);
console.log(
  `best epoch ${bestEpoch}; embeddings ${z.rows}×${z.dim}; reconstruction ${rec.height}×${rec.width}×${rec.channels}`,
);
disposeModel(model);
