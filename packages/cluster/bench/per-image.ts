/**
 * Per-image CPU time of the three clustering methods, for the bound "no image slower than
 * 2× the median of its set". Two inputs:
 *  - `--pixels DIR[,DIR…]`: raw pixels as features — every image of each data folder
 *    loaded as the model sees it (128², [-1, 1], 1 column per grey pixel, 3 per RGB pixel);
 *  - `--embeddings DIR --per-image`: every .npy of a run's embeddings/ folder.
 * Prints one line per image (CPU seconds of this thread per method alone, and of all three in
 * one call — the pipeline's way, where they share work), one summary per set, and — last
 * line — one JSON object {sets: {name: {images, median_s, max_s, max_over_median, slowest,
 * kmeans_s, spectral_kmeans_s, condensation_s}}} (median_s/max_s: all three in one call). CPU time (process.cpuUsage),
 * not wall time: the machine may be shared.
 *
 * Usage: node dist/bench/bench/cluster.js --pixels ../shared/data/retina_ga,../shared/data/lgg_flair_mri [--images N]
 */
import { readdirSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { createEmbeddingMatrix, defaultConfig, type EmbeddingMatrix } from '@cuts/core';
import { loadDataset, readNpy } from '@cuts/data';
import { clusterImage, clusterMethods, type ClusterMethod } from '../src/index.js';

interface BenchImage {
  id: string;
  matrix: EmbeddingMatrix;
  side: number;
}

interface SetSummary {
  images: number;
  median_s: number;
  max_s: number;
  max_over_median: number;
  slowest: string;
  kmeans_s: number;
  spectral_kmeans_s: number;
  condensation_s: number;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const round = (x: number): number => Number(x.toFixed(3));

/** Every image of a data folder as an (H·W) × channels matrix of model-input values. */
export async function pixelImages(dir: string, limit?: number): Promise<BenchImage[]> {
  const items = await loadDataset(dir, { limit });
  return items.map((it) => ({
    id: it.id,
    side: it.image.height,
    matrix: createEmbeddingMatrix(
      it.image.height * it.image.width,
      it.image.channels,
      Float32Array.from(it.image.data),
    ),
  }));
}

/** Every .npy of a run's embeddings/ folder (square images). */
export async function embeddingImages(dir: string, limit?: number): Promise<BenchImage[]> {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.npy'))
    .sort()
    .slice(0, limit);
  return Promise.all(
    files.map(async (f) => {
      const arr = await readNpy(join(dir, f));
      return {
        id: f.replace(/\.npy$/, ''),
        side: Math.round(Math.sqrt(arr.shape[0])),
        matrix: createEmbeddingMatrix(arr.shape[0], arr.shape[1], arr.data as Float32Array),
      };
    }),
  );
}

/** CPU seconds of one clusterImage call with these methods (all three: one call, as the pipeline runs them). */
function cpuOf(methods: readonly ClusterMethod[], img: BenchImage): number {
  const t0 = process.cpuUsage();
  clusterImage(img.matrix, { height: img.side, width: img.side }, defaultConfig.cluster, methods, 1);
  const t = process.cpuUsage(t0);
  return (t.user + t.system) / 1e6;
}

/** CPU seconds per method and in total for every image of one set; prints a line per image. */
export function timeSet(name: string, images: BenchImage[]): SetSummary {
  const per: Record<ClusterMethod, number[]> = { kmeans: [], spectral_kmeans: [], diffusion: [] };
  const totals: number[] = [];
  for (const img of images) {
    const row = clusterMethods.map((m) => cpuOf([m], img));
    clusterMethods.forEach((m, i) => per[m].push(row[i]));
    // the total is one call with all three (they share work: diffusion.potential 'spectral')
    totals.push(cpuOf(clusterMethods, img));
    console.log(
      `${name}/${img.id} (${img.matrix.rows} × ${img.matrix.dim}): kmeans ${row[0].toFixed(3)} s, spectral ${row[1].toFixed(3)} s, condensation ${row[2].toFixed(3)} s (each alone), all three in one call ${totals.at(-1)!.toFixed(3)} s CPU`,
    );
  }
  const med = median(totals);
  const max = Math.max(...totals);
  const summary: SetSummary = {
    images: images.length,
    median_s: round(med),
    max_s: round(max),
    max_over_median: round(max / med),
    slowest: images[totals.indexOf(max)].id,
    kmeans_s: round(median(per.kmeans)),
    spectral_kmeans_s: round(median(per.spectral_kmeans)),
    condensation_s: round(median(per.diffusion)),
  };
  console.log(
    `${name}: ${images.length} images, median ${med.toFixed(3)} s CPU per image (kmeans ${summary.kmeans_s}, spectral ${summary.spectral_kmeans_s}, condensation ${summary.condensation_s}), max ${max.toFixed(3)} s (${summary.slowest}), max/median ${summary.max_over_median}`,
  );
  return summary;
}

/** The `--pixels` / `--per-image` mode of the cluster bench; returns once the JSON line is printed. */
export async function perImageBench(argv: string[]): Promise<void> {
  const at = (flag: string): string | undefined => (argv.includes(flag) ? argv[argv.indexOf(flag) + 1] : undefined);
  // folders are relative to where `pnpm bench:cluster` was typed (pnpm runs the script in the package)
  const fromCaller = (p: string): string => resolve(process.env.INIT_CWD ?? process.cwd(), p);
  const limit = at('--images') !== undefined ? Number(at('--images')) : undefined;
  const sets: Record<string, SetSummary> = {};
  const pixels = at('--pixels')?.split(',').map(fromCaller).join(',');
  console.log(
    `# @cuts/cluster per-image bench — CPU seconds of one thread per 128² image, all three methods, default config, node ${process.version}`,
  );
  // Warm-up (JIT), not timed.
  const warm = pixels
    ? await pixelImages(pixels.split(',')[0], 1)
    : await embeddingImages(fromCaller(at('--embeddings')!), 1);
  for (const m of clusterMethods) cpuOf([m], warm[0]);
  cpuOf(clusterMethods, warm[0]);
  if (pixels) {
    for (const dir of pixels.split(','))
      sets[`pixels:${basename(dir)}`] = timeSet(`pixels:${basename(dir)}`, await pixelImages(dir, limit));
  } else {
    const dir = fromCaller(at('--embeddings')!);
    sets.embeddings = timeSet('embeddings', await embeddingImages(dir, limit));
  }
  console.log(JSON.stringify({ sets }));
}
