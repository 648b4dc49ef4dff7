#!/usr/bin/env node
/**
 * `pnpm bench:queue`: N synthetic images (the demo generator, 128²) through
 * `cuts segment --queue` on a local redis-server with 1 and 2 local
 * `cuts worker`s, and through a local `cuts segment` as the reference, with the
 * same tiny model (1 epoch). Prints images/s per setting, the speed-ups, and
 * Redis memory per queued job (a batch submitted with --no-wait and no worker);
 * the last line is one JSON object.
 *
 *   pnpm bench:queue [--images 1000] [--workers 1,2] [--methods kmeans,spectral_kmeans,diffusion] [--keep DIR]
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startTestRedis } from '@cuts/queue/test-redis';

const here = path.dirname(fileURLToPath(import.meta.url));
const bin = path.resolve(here, '..', 'dist', 'bin.js');
const argv = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : fallback;
};
const images = Number(flag('--images', '1000'));
const workerCounts = flag('--workers', '1,2').split(',').map(Number);
const methods = flag('--methods', undefined);
const methodArgs = methods ? ['--methods', methods] : [];
const root = flag('--keep', undefined) ?? mkdtempSync(path.join(tmpdir(), 'cuts-bench-queue-'));
const log = (msg) => process.stderr.write(`bench:queue: ${msg}\n`);

function cuts(args) {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [bin, ...args, '--quiet'], {
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`cuts ${args.join(' ')} exited ${r.status}`);
  return (performance.now() - t0) / 1000;
}

async function usedMemory(redis) {
  const info = await redis.command('INFO memory');
  return Number(/used_memory:(\d+)/.exec(info)[1]);
}

function startWorker(url) {
  const proc = spawn(process.execPath, [bin, 'worker', '--queue', url], { stdio: ['ignore', 'ignore', 'pipe'] });
  live.add(proc);
  proc.once('exit', () => live.delete(proc));
  let err = '';
  const ready = new Promise((resolve, reject) => {
    proc.stderr.on('data', (c) => {
      err += c.toString();
      if (err.includes('waiting for jobs')) resolve();
    });
    proc.once('exit', (code) => reject(new Error(`worker exited ${code}: ${err}`)));
  });
  return { proc, ready };
}

// Never leave workers or Redis behind, even when stopped with Ctrl-C or a timeout.
const live = new Set();
const cleanup = () => {
  for (const p of live) p.kill('SIGKILL');
};
process.once('exit', cleanup);
for (const sig of ['SIGINT', 'SIGTERM']) process.once(sig, () => process.exit(130));

const stop = (w) =>
  new Promise((resolve) =>
    w.proc.exitCode !== null ? resolve() : (w.proc.once('exit', resolve), w.proc.kill('SIGTERM')),
  );

const load0 = loadavg();
const cfg = path.join(root, 'bench.json');
writeFileSync(cfg, JSON.stringify({ data: { imageSize: 128 } }));
const model = path.join(root, 'model');
const data = path.join(root, 'data');
log(`${images} images in ${root}; load average ${load0.map((x) => x.toFixed(2)).join(' ')}`);
cuts(['train', '--out', model, '--epochs', '1', '--config', cfg, '--force']);
cuts(['demo', '--out', data, '--count', String(images), '--seed', '3', '--config', cfg]);

const localS = cuts([
  'segment',
  '--model',
  model,
  '--data',
  data,
  '--out',
  path.join(root, 'local'),
  '--force',
  ...methodArgs,
]);
log(`local cuts segment: ${localS.toFixed(1)} s (${(images / localS).toFixed(2)} images/s)`);

const redis = await startTestRedis();
const result = {
  images,
  size: 128,
  methods: methods ?? 'kmeans,spectral_kmeans,diffusion',
  local_s: localS,
  local_images_per_s: images / localS,
};
try {
  // Redis memory per queued job: a batch submitted with no worker running.
  const before = await usedMemory(redis);
  cuts([
    'segment',
    '--model',
    model,
    '--data',
    data,
    '--out',
    path.join(root, 'memory'),
    '--queue',
    redis.url,
    '--no-wait',
    ...methodArgs,
  ]);
  result.redis_bytes_per_job = Math.round(((await usedMemory(redis)) - before) / (images + 1));
  await redis.command('FLUSHALL');
  log(`Redis memory per queued job: ${result.redis_bytes_per_job} bytes`);

  for (const n of workerCounts) {
    const workers = Array.from({ length: n }, () => startWorker(redis.url));
    try {
      await Promise.all(workers.map((w) => w.ready));
      const s = cuts([
        'segment',
        '--model',
        model,
        '--data',
        data,
        '--out',
        path.join(root, `queue-${n}`),
        '--queue',
        redis.url,
        ...methodArgs,
      ]);
      result[`workers_${n}_s`] = s;
      result[`workers_${n}_images_per_s`] = images / s;
      log(`${n} worker(s): ${s.toFixed(1)} s (${(images / s).toFixed(2)} images/s)`);
    } finally {
      await Promise.all(workers.map(stop));
    }
    await redis.command('FLUSHALL');
  }
} finally {
  await redis.stop();
  if (!flag('--keep', undefined)) rmSync(root, { recursive: true, force: true });
}
if (result.workers_1_s && result.workers_2_s) result.speedup_2_vs_1 = result.workers_1_s / result.workers_2_s;
if (result.workers_2_s) result.speedup_2_vs_local = localS / result.workers_2_s;
result.loadavg_start = load0.map((x) => Number(x.toFixed(2)));
result.loadavg_end = loadavg().map((x) => Number(x.toFixed(2)));
console.log(JSON.stringify(result));
