/**
 * Training-engine benchmark on the real retina images (128×128 RGB, batch 16,
 * S = 8, P = 5): the time of one training iteration split into sampling,
 * forward, backward and optimiser step; full-resolution embedding time per
 * image; peak RSS. `--full` also times a complete default training
 * (200 epochs) and reports `full_train_s`.
 *
 * `iteration_s` / `embed_s_per_image` are on `--workers` threads (default one
 * per core, at least 2): a sharded step (train.shards) with this thread and
 * workers-1 worker threads computing the shards, and embedding on `workers`
 * worker threads; `*_1worker` are the same work on this thread alone, measured
 * in the same run (bit-identical results). `iteration_s_unsharded` and the
 * sample/forward/backward/step split are the one-pass step (train.shards 1).
 *
 * Usage: pnpm --filter @cuts/train bench [-- --iterations 20 --workers 2 --full]
 * Last line: one JSON object with the figures (medians, seconds).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Rng, parseConfig } from '@cuts/core';
import { sharedDataPath } from '@cuts/core/testing';
import { tf } from '../src/backend/tf.js';
import { loadDataset } from '@cuts/data';
import { availableParallelism } from 'node:os';
import { ParallelPool, createCutsModel, disposeModel, embedImage, prepareBackend, trainCuts } from '../src/index.js';
import { namedVariables } from '../src/model/model.js';
import { AdamW } from '../src/optim/adamw.js';
import { batchLoss, sampleWindowBatch, uploadBatch } from '../src/step.js';
import { localShardedStep } from '../src/parallel/sharded-step.js';

const args = process.argv.slice(2);
const iterations = Number(args[args.indexOf('--iterations') + 1]) || 15;
const full = args.includes('--full');
const workers = Number(args[args.indexOf('--workers') + 1]) || Math.max(2, availableParallelism());

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}
const now = (): number => performance.now() / 1000;

const dir = sharedDataPath('retina_ga');
if (!dir) throw new Error('../shared/data/retina_ga is missing');
const config = parseConfig({ backend: (process.env.CUTS_BACKEND as 'wasm') ?? 'auto' });
const backend = await prepareBackend(config.backend);
const items = await loadDataset(dir);
const images = items.map((it) => it.image);
console.error(
  `backend ${backend.name}; ${images.length} retina images ${images[0].height}×${images[0].width}×${images[0].channels}`,
);

const rng = new Rng(1);
const model = createCutsModel(3, config.model, rng.fork());
const optimizer = new AdamW(
  namedVariables(model)
    .filter((v) => v.trainable)
    .map((v) => v.variable),
  { weightDecay: 1e-4 },
);
const t = {
  iteration: [] as number[],
  sample: [] as number[],
  forward: [] as number[],
  backward: [] as number[],
  step: [] as number[],
};
for (let it = 0; it < iterations + 3; it++) {
  const batchImages = rng
    .permutation(images.length)
    .slice(0, config.train.batchSize)
    .map((i) => images[i]);
  const t0 = now();
  const prepared = uploadBatch(sampleWindowBatch(batchImages, config, rng), config.model.patchSize);
  const t1 = now();
  // forward only (same work as the forward half of the step)
  tf.tidy(() => batchLoss(model, prepared, config.train, 'train').total.dataSync());
  const t2 = now();
  const { value, grads } = tf.variableGrads(
    () => batchLoss(model, prepared, config.train, 'train').total,
    optimizer.params as tf.Variable[],
  );
  const gradList = optimizer.params.map((p) => grads[p.name]);
  tf.tidy(() => tf.addN(gradList.map((g) => tf.sum(g))).dataSync());
  const t3 = now();
  optimizer.apply(gradList, 1e-3);
  optimizer.params[0].dataSync();
  const t4 = now();
  value.dispose();
  for (const g of gradList) g.dispose();
  prepared.dispose();
  if (it >= 3) {
    t.sample.push(t1 - t0);
    t.forward.push(t2 - t1);
    t.backward.push(t3 - t2 - (t2 - t1));
    t.step.push(t4 - t3);
    t.iteration.push(t1 - t0 + (t4 - t2));
  }
}
const embed: number[] = [];
for (let i = 0; i < 9; i++) {
  const t0 = now();
  embedImage(model, images[i]);
  if (i > 0) embed.push(now() - t0);
}

// The sharded step (config train.shards) as training runs it: every shard in
// turn on this thread (the 1-worker figure), then on `workers` threads (this
// one and workers-1 worker threads; the same arithmetic, bit for bit).
const shards = config.train.shards;
const timeSteps = async (step: (batch: ReturnType<typeof sampleWindowBatch>) => Promise<unknown>) => {
  const out: number[] = [];
  for (let it = 0; it < iterations + 2; it++) {
    const batchImages = rng
      .permutation(images.length)
      .slice(0, config.train.batchSize)
      .map((i) => images[i]);
    const t0 = now();
    await step(sampleWindowBatch(batchImages, config, rng));
    if (it >= 2) out.push(now() - t0);
  }
  return out;
};
const shardedIteration = await timeSteps(async (b) =>
  localShardedStep(model, optimizer, b, config.train, 1e-3, shards),
);
const stepPool = await ParallelPool.start(model, workers - 1, backend.name);
if (!stepPool) throw new Error('train worker script missing: build @cuts/train first (pnpm bench:train does)');
const parallelIteration = await timeSteps((b) => stepPool.step(model, optimizer, b, config.train, 1e-3, shards, true));
await stepPool.close();

// Embedding on `workers` worker threads (as `cuts run` / `cuts segment` embed).
const pool = await ParallelPool.start(model, workers, backend.name);
if (!pool) throw new Error('train worker script missing');
pool.setWeights(model);
await pool.embed(images.slice(0, workers), false); // warm-up
const parallelEmbed: number[] = [];
for (let rep = 0; rep < 3; rep++) {
  const batch = images.slice(0, 4 * workers);
  const t0 = now();
  await pool.embed(batch, false);
  parallelEmbed.push((now() - t0) / batch.length);
}
await pool.close();
optimizer.dispose();
disposeModel(model);

let fullTrain: number | undefined;
if (full) {
  const out = await mkdtemp(path.join(os.tmpdir(), 'cuts-bench-'));
  const t0 = now();
  const res = await trainCuts({ items, config, checkpointDir: out });
  fullTrain = now() - t0;
  console.error(
    `full training: ${fullTrain.toFixed(1)} s, ${res.history.length} epochs, best epoch ${res.bestEpoch}, final val ${res.history.at(-1)?.valLoss}`,
  );
  disposeModel(res.model);
  await rm(out, { recursive: true, force: true });
}

const result = {
  backend: backend.name,
  workers,
  shards,
  iteration_s: median(parallelIteration),
  iteration_s_1worker: median(shardedIteration),
  iteration_speedup: median(shardedIteration) / median(parallelIteration),
  iteration_s_unsharded: median(t.iteration),
  sample_s: median(t.sample),
  forward_s: median(t.forward),
  backward_s: median(t.backward),
  step_s: median(t.step),
  embed_s_per_image: median(parallelEmbed),
  embed_s_per_image_1worker: median(embed),
  embed_speedup: median(embed) / median(parallelEmbed),
  loadavg: os.loadavg().map((x) => Number(x.toFixed(2))),
  peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
  ...(fullTrain !== undefined ? { full_train_s: fullTrain } : {}),
};
console.log(JSON.stringify(result));
