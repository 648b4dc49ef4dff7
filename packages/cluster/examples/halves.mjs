// Run after `pnpm --filter @cuts/cluster... build`:  node packages/cluster/examples/halves.mjs
import { Rng, createEmbeddingMatrix, defaultConfig } from '@cuts/core';
import { clusterImages, kmeans } from '@cuts/cluster';

// A 32 × 32 "image" whose left and right halves have different 16-d embeddings.
const rng = new Rng(1);
const matrix = createEmbeddingMatrix(32 * 32, 16);
for (let p = 0; p < 32 * 32; p++) {
  const right = p % 32 >= 16 ? 1 : 0;
  for (let t = 0; t < 16; t++) matrix.data[p * 16 + t] = (t % 2 === right ? 4 : 0) + rng.normal(0, 0.5);
}
const km = kmeans(matrix, { k: 2, seed: 1 });
console.log('k-means sizes', Array.from(km.sizes), 'inertia', km.inertia.toFixed(1));

const base = defaultConfig.cluster;
const config = {
  ...base,
  kmeans: { ...base.kmeans, k: 2 },
  spectral: { ...base.spectral, k: 2, landmarks: 64 },
  diffusion: { ...base.diffusion, landmarks: 256, knn: 30 },
};
const grid = { height: 32, width: 32 };
const results = await clusterImages(
  [
    { id: 'a', matrix, grid },
    { id: 'b', matrix, grid },
  ],
  config,
  { workers: 2 },
);
const r = results[0];
console.log('spectral: fixed k', r.spectral_kmeans.k, 'label-free k', r.spectral_kmeans.chosenK);
console.log(
  'condensation:',
  r.diffusion.stackLevels,
  'levels; salient',
  r.diffusion.salientLevels,
  'with',
  r.diffusion.levels.map((m) => new Set(m.data).size),
  'clusters',
);
