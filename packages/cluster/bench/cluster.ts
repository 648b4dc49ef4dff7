/**
 * Benchmark of @cuts/cluster on retina images: real CUTS embeddings with
 * `--embeddings DIR` (the .npy files `cuts embed` writes), else pixels lifted to
 * 128-d by a fixed random projection (src/test-utils/lift.ts). Prints per-method medians
 * per 128² image, the growth of each method from 64² to 256², a 2-worker throughput
 * run, and — last line — one JSON object:
 * {"kmeans_s","spectral_kmeans_s","condensation_s","all_s","all_cpu_s","levels","peak_rss_mb"}
 * (each method alone, wall; all_s / all_cpu_s: the three in one call, as the pipeline runs them).
 *
 * Usage: pnpm --filter @cuts/cluster bench [-- --images 5] [--embeddings runs/x/embeddings]
 * Per-image mode (CPU time per image, max/median per set; see per-image.ts):
 *   … bench -- --pixels ../shared/data/retina_ga,../shared/data/lgg_flair_mri [--images N]
 *   … bench -- --embeddings runs/x/embeddings --per-image [--images N]
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Rng, createEmbeddingMatrix, defaultConfig } from '@cuts/core';
import { readNpy } from '@cuts/data';
import { kmeans as mlKmeans } from 'ml-kmeans';
import { clusterImage, clusterImages, kmeans, type ClusterMethod } from '../src/index.js';
import { inertiaOf, kmeansPlusPlus } from '../src/kmeans.js';
import { liftedRetina } from '../src/test-utils/lift.js';
import { perImageBench } from './per-image.js';

if (process.argv.includes('--pixels') || process.argv.includes('--per-image')) {
  await perImageBench(process.argv);
  process.exit(0);
}

const argImages = process.argv.indexOf('--images');
const count = argImages > 0 ? Number(process.argv[argImages + 1]) : 5;
const config = defaultConfig.cluster;

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const fmt = (s: number): string => s.toFixed(3);

/** Wall seconds, and CPU seconds of this (single) thread — the latter barely moves when other jobs share the cores. */
function timeOne(
  method: ClusterMethod | readonly ClusterMethod[],
  img: { matrix: import('@cuts/core').EmbeddingMatrix },
  side: number,
): { seconds: number; cpu: number; levels: number } {
  const cpu0 = process.cpuUsage();
  const start = performance.now();
  const methods = typeof method === 'string' ? [method] : method;
  const r = clusterImage(img.matrix, { height: side, width: side }, config, methods, 1);
  const seconds = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpu0);
  return { seconds, cpu: (cpu.user + cpu.system) / 1e6, levels: r.diffusion?.levels.length ?? 0 };
}

const argEmbeddings = process.argv.indexOf('--embeddings');
const images =
  argEmbeddings > 0 ? await realEmbeddings(process.argv[argEmbeddings + 1], count) : await liftedRetina(count, 128);

/** The first `n` embedding matrices (sorted by name) of a run's embeddings/ folder. */
async function realEmbeddings(
  dir: string,
  n: number,
): Promise<{ id: string; matrix: import('@cuts/core').EmbeddingMatrix }[]> {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.npy'))
    .sort()
    .slice(0, n);
  return Promise.all(
    files.map(async (f) => {
      const arr = await readNpy(join(dir, f));
      return {
        id: f.replace(/\.npy$/, ''),
        matrix: createEmbeddingMatrix(arr.shape[0], arr.shape[1], arr.data as Float32Array),
      };
    }),
  );
}
console.log(
  `# @cuts/cluster bench — ${images.length} retina images (${argEmbeddings > 0 ? 'trained CUTS embeddings' : 'lifted pixels'}) at 128² (16,384 × 128), node ${process.version}, single thread per image`,
);
// Warm-up (JIT) on one image, not timed.
for (const m of ['kmeans', 'spectral_kmeans', 'diffusion'] as const) timeOne(m, images[0], 128);

const times: Record<ClusterMethod, number[]> = { kmeans: [], spectral_kmeans: [], diffusion: [] };
const cpuTimes: Record<ClusterMethod, number[]> = { kmeans: [], spectral_kmeans: [], diffusion: [] };
const levelCounts: number[] = [];
// all three in one call, as the pipeline runs them (they share work: diffusion.potential 'spectral')
const allTimes: number[] = [];
const allCpu: number[] = [];
for (const img of images) {
  const all = timeOne(['kmeans', 'spectral_kmeans', 'diffusion'], img, 128);
  allTimes.push(all.seconds);
  allCpu.push(all.cpu);
  for (const m of ['kmeans', 'spectral_kmeans', 'diffusion'] as const) {
    // k-means is short: best of 3 wall times per image (the median over images is reported).
    const runs = Array.from({ length: m === 'kmeans' ? 3 : 1 }, () => timeOne(m, img, 128));
    const r = runs.reduce((a, b) => (b.seconds < a.seconds ? b : a));
    times[m].push(r.seconds);
    cpuTimes[m].push(r.cpu);
    if (m === 'diffusion') levelCounts.push(r.levels);
  }
  console.log(
    `${img.id}: kmeans ${fmt(times.kmeans.at(-1)!)} s, spectral ${fmt(times.spectral_kmeans.at(-1)!)} s, condensation ${fmt(times.diffusion.at(-1)!)} s (each alone; ${levelCounts.at(-1)} salient levels), all three in one call ${fmt(allTimes.at(-1)!)} s (CPU ${fmt(allCpu.at(-1)!)} s)`,
  );
}
console.log(
  `median per 128² image (wall): kmeans ${fmt(median(times.kmeans))} s, spectral_kmeans ${fmt(median(times.spectral_kmeans))} s, condensation+levels+persistent ${fmt(median(times.diffusion))} s`,
);
console.log(
  `median per 128² image (CPU time of the thread): kmeans ${fmt(median(cpuTimes.kmeans))} s, spectral_kmeans ${fmt(median(cpuTimes.spectral_kmeans))} s, condensation ${fmt(median(cpuTimes.diffusion))} s; all three in one call ${fmt(median(allCpu))} s (wall ${fmt(median(allTimes))} s)`,
);

// Baseline in the same command: ml-kmeans (the reference implementation) vs ours, one Lloyd run
// from the same k-means++ start on the first image (same fixed point, so same inertia).
{
  const { rows, dim, data } = images[0].matrix;
  const init = kmeansPlusPlus(data, rows, dim, 10, new Rng(1));
  let t = performance.now();
  const ours = kmeans(images[0].matrix, { k: 10, initialCentroids: init, tolerance: 0, maxIterations: 1000 });
  const oursS = (performance.now() - t) / 1000;
  const asRows = Array.from({ length: rows }, (_, i) => Array.from(data.subarray(i * dim, (i + 1) * dim)));
  const initRows = Array.from({ length: 10 }, (_, c) => Array.from(init.subarray(c * dim, (c + 1) * dim)));
  t = performance.now();
  const ref = mlKmeans(asRows, 10, { initialization: initRows, tolerance: 0, maxIterations: 1000 });
  const refS = (performance.now() - t) / 1000;
  const refInertia = inertiaOf(data, rows, dim, Float64Array.from(ref.centroids.flat()), Int32Array.from(ref.clusters));
  console.log(
    `one Lloyd run from the same start, ${ours.iterations} iterations: ours ${fmt(oursS)} s, ml-kmeans ${fmt(refS)} s (×${(refS / oursS).toFixed(1)}); inertia ${ours.inertia.toFixed(3)} vs ${refInertia.toFixed(3)}`,
  );
}

// Growth with image size (first image resized).
for (const side of [64, 128, 256]) {
  const [img] = await liftedRetina(1, side);
  const row = (['kmeans', 'spectral_kmeans', 'diffusion'] as const).map((m) => {
    const r = timeOne(m, img, side);
    return `${m} ${fmt(r.seconds)} s (cpu ${fmt(r.cpu)} s)`;
  });
  console.log(`growth ${side}² (${side * side} rows): ${row.join(', ')}`);
}

// Throughput: all methods on every image, in this thread vs across 2 worker threads (same command).
const inputs = images.map((img) => ({ id: img.id, matrix: img.matrix, grid: { height: 128, width: 128 } }));
let start = performance.now();
await clusterImages(inputs, config, { workers: 1, seed: 1 });
const serial = (performance.now() - start) / 1000;
start = performance.now();
await clusterImages(inputs, config, { workers: 2, seed: 1 });
const parallel = (performance.now() - start) / 1000;
console.log(
  `all three methods, ${images.length} images: 1 thread ${fmt(serial)} s, 2 workers ${fmt(parallel)} s (×${(serial / parallel).toFixed(2)})`,
);

// Peak memory of one 128² condensation (+ levels + persistent map), alone in a fresh process.
const probeFile = join(tmpdir(), `cuts-cluster-bench-${process.pid}.f32`);
writeFileSync(
  probeFile,
  new Uint8Array(images[0].matrix.data.buffer, images[0].matrix.data.byteOffset, images[0].matrix.data.byteLength),
);
const probe = spawnSync(
  process.execPath,
  [fileURLToPath(new URL('./rss-probe.js', import.meta.url)), probeFile, '128'],
  { encoding: 'utf8' },
);
rmSync(probeFile, { force: true });
const probed = JSON.parse(probe.stdout.trim().split('\n').at(-1)!) as { before_mb: number; peak_rss_mb: number };
console.log(
  `condensation 128² in a fresh process: peak RSS ${probed.peak_rss_mb} MB (${probed.before_mb} MB before it started); whole bench process ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`,
);
const peak = probed.peak_rss_mb;
console.log(
  JSON.stringify({
    kmeans_s: Number(fmt(median(times.kmeans))),
    spectral_kmeans_s: Number(fmt(median(times.spectral_kmeans))),
    condensation_s: Number(fmt(median(times.diffusion))),
    all_s: Number(fmt(median(allTimes))),
    all_cpu_s: Number(fmt(median(allCpu))),
    levels: median(levelCounts),
    peak_rss_mb: Math.round(peak),
  }),
);
