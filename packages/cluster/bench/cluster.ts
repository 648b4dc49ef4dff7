/**
 * Benchmark of @cuts/cluster on retina images (until trained embeddings exist: pixels
 * lifted to 128-d by a fixed random projection, see lift.ts). Prints per-method medians
 * per 128² image, the growth of each method from 64² to 256², a 2-worker throughput
 * run, and — last line — one JSON object:
 * {"kmeans_s","spectral_kmeans_s","condensation_s","levels","peak_rss_mb"}.
 *
 * Usage: pnpm --filter @cuts/cluster bench [-- --images 5]
 */
import { defaultConfig } from '@cuts/core';
import { clusterImage, clusterImages, type ClusterMethod } from '../src/index.js';
import { liftedRetina } from './lift.js';

const argImages = process.argv.indexOf('--images');
const count = argImages > 0 ? Number(process.argv[argImages + 1]) : 5;
const config = defaultConfig.cluster;

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const fmt = (s: number): string => s.toFixed(3);

function timeOne(method: ClusterMethod, img: { matrix: import('@cuts/core').EmbeddingMatrix }, side: number): { seconds: number; levels: number } {
  const start = performance.now();
  const r = clusterImage(img.matrix, { height: side, width: side }, config, [method], 1);
  const seconds = (performance.now() - start) / 1000;
  return { seconds, levels: r.diffusion?.levels.length ?? 0 };
}

const images = await liftedRetina(count, 128);
console.log(`# @cuts/cluster bench — ${images.length} retina images at 128² (16,384 × 128), node ${process.version}, single thread per image`);
// Warm-up (JIT) on one image, not timed.
for (const m of ['kmeans', 'spectral_kmeans', 'diffusion'] as const) timeOne(m, images[0], 128);

const times: Record<ClusterMethod, number[]> = { kmeans: [], spectral_kmeans: [], diffusion: [] };
const levelCounts: number[] = [];
for (const img of images) {
  for (const m of ['kmeans', 'spectral_kmeans', 'diffusion'] as const) {
    const r = timeOne(m, img, 128);
    times[m].push(r.seconds);
    if (m === 'diffusion') levelCounts.push(r.levels);
  }
  console.log(`${img.id}: kmeans ${fmt(times.kmeans.at(-1)!)} s, spectral ${fmt(times.spectral_kmeans.at(-1)!)} s, condensation ${fmt(times.diffusion.at(-1)!)} s (${levelCounts.at(-1)} salient levels)`);
}
console.log(`median per 128² image: kmeans ${fmt(median(times.kmeans))} s, spectral_kmeans ${fmt(median(times.spectral_kmeans))} s, condensation+levels+persistent ${fmt(median(times.diffusion))} s`);

// Growth with image size (first image resized).
for (const side of [64, 128, 256]) {
  const [img] = await liftedRetina(1, side);
  const row = (['kmeans', 'spectral_kmeans', 'diffusion'] as const).map((m) => `${m} ${fmt(timeOne(m, img, side).seconds)} s`);
  console.log(`growth ${side}² (${side * side} rows): ${row.join(', ')}`);
}

// Throughput: all methods on every image across 2 worker threads.
const start = performance.now();
await clusterImages(images.map((img) => ({ id: img.id, matrix: img.matrix, grid: { height: 128, width: 128 } })), config, { workers: 2, seed: 1 });
const wall = (performance.now() - start) / 1000;
console.log(`2 workers, all three methods: ${fmt(wall)} s for ${images.length} images = ${fmt(wall / images.length)} s per image`);

const peak = process.resourceUsage().maxRSS / 1024;
console.log(
  JSON.stringify({
    kmeans_s: Number(fmt(median(times.kmeans))),
    spectral_kmeans_s: Number(fmt(median(times.spectral_kmeans))),
    condensation_s: Number(fmt(median(times.diffusion))),
    levels: median(levelCounts),
    peak_rss_mb: Math.round(peak),
  }),
);
