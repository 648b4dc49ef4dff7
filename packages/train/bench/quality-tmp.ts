import { parseConfig, sharedDataPath } from '@cuts/core';
import { loadDataset } from '@cuts/data';
import { kmeans } from '../../cluster/src/kmeans.js';
import { disposeModel, embedImage, trainCuts } from '../src/index.js';
const seed = Number(process.argv[2] ?? 1);
const items = await loadDataset(sharedDataPath('retina_ga')!);
const config = parseConfig({ seed });
const t0 = performance.now();
const res = await trainCuts({ items, config, checkpointDir: `/tmp/cuts-quality-${seed}` });
const trainS = (performance.now() - t0) / 1000;
let sum = 0;
for (const it of items) {
  const z = embedImage(res.model, it.image);
  const { labels } = kmeans(z, { k: 10, restarts: 3, seed, screenRows: 2000 });
  const mask = it.mask!.data;
  const counts = new Int32Array(10);
  for (let i = 0; i < labels.length; i++) if (mask[i]) counts[labels[i]]++;
  const hint = counts.indexOf(Math.max(...counts));
  let inter = 0, p = 0, g = 0;
  for (let i = 0; i < labels.length; i++) { const pi = labels[i] === hint ? 1 : 0; p += pi; g += mask[i]; inter += pi & mask[i]; }
  sum += (2 * inter + 1e-12) / (p + g + 1e-12);
}
console.log(JSON.stringify({ seed, train_s: trainS, bestEpoch: res.bestEpoch, dice: sum / items.length }));
disposeModel(res.model);
