#!/usr/bin/env node
/**
 * `pnpm bench:retina`: the whole pipeline (`cuts run`, paper settings: 200
 * epochs, 128² inputs) on ../shared/data/retina_ga for each seed, printing
 * each run's summary table, the wall time, and — as the last line — one JSON
 * object with Dice/HD per method × protocol (mean over seeds) and timings.
 *
 *   pnpm bench:retina [--seeds 1,2,3] [--epochs 200] [--data DIR] [--out runs/bench-retina] [-- extra cuts flags]
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sharedDataPath } from '@cuts/core/testing';

const here = path.dirname(fileURLToPath(import.meta.url));
const bin = path.resolve(here, '..', 'dist', 'bin.js');
const argv = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : fallback;
};
const extra = argv.includes('--') ? argv.slice(argv.indexOf('--') + 1) : [];
const seeds = flag('--seeds', '1').split(',').map(Number);
const epochs = flag('--epochs', '200');
const data = flag('--data', sharedDataPath('retina_ga'));
if (!data) {
  console.error('bench:retina: ../shared/data/retina_ga not found (pass --data DIR)');
  process.exit(2);
}
const outRoot = path.resolve(flag('--out', path.resolve(here, '..', '..', '..', 'runs', 'bench-retina')));

const perSeed = [];
for (const seed of seeds) {
  const out = path.join(outRoot, `seed-${seed}`);
  const t0 = performance.now();
  const r = spawnSync(
    process.execPath,
    [bin, 'run', '--data', data, '--out', out, '--seed', String(seed), '--epochs', epochs, '--force', ...extra],
    {
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  );
  const wall = (performance.now() - t0) / 1000;
  if (r.status !== 0) process.exit(r.status ?? 1);
  const summary = JSON.parse(readFileSync(path.join(out, 'summary.json'), 'utf8'));
  console.log(
    `seed ${seed}: wall ${wall.toFixed(1)} s (train ${summary.timings_s.train.toFixed(1)}, embed ${summary.timings_s.embed.toFixed(1)}, cluster ${summary.timings_s.cluster.toFixed(1)}, eval ${summary.timings_s.eval.toFixed(1)})`,
  );
  perSeed.push({ seed, wall, summary });
}

const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
const std = (xs) => Math.sqrt(mean(xs.map((x) => (x - mean(xs)) ** 2)));
const metrics = {};
for (const [method, byProtocol] of Object.entries(perSeed[0].summary.metrics)) {
  for (const protocol of Object.keys(byProtocol)) {
    const dice = perSeed.map((s) => s.summary.metrics[method]?.[protocol]?.dice.mean).filter((v) => v !== undefined);
    const hd = perSeed.map((s) => s.summary.metrics[method]?.[protocol]?.hd.mean).filter((v) => v !== undefined);
    metrics[`${method}/${protocol}`] = {
      dice: +mean(dice).toFixed(4),
      dice_std_seeds: +std(dice).toFixed(4),
      hd: +mean(hd).toFixed(2),
    };
  }
}
console.log(
  JSON.stringify({
    seeds,
    epochs: Number(epochs),
    images: perSeed[0].summary.images,
    backend: perSeed[0].summary.backend,
    wall_s: +mean(perSeed.map((s) => s.wall)).toFixed(1),
    train_s: +mean(perSeed.map((s) => s.summary.timings_s.train)).toFixed(1),
    cluster_s: +mean(perSeed.map((s) => s.summary.timings_s.cluster)).toFixed(1),
    metrics,
  }),
);
