/**
 * Re-clusters a finished run's saved embeddings with other clustering settings and scores
 * every label-free map against the masks — the ablation tool behind docs/results.md
 * ("Shipped defaults now"). Training is not repeated: the run must have been made with
 * `--keep-embeddings` (embeddings/<id>.npy).
 *
 *   pnpm --filter @cuts/cli bench:recluster -- --set lgg_flair_mri --run <run dir>
 *     [--features embedding|pixels|both] [--pixel-weight 3] [--cluster '{"minRegionFraction":0}']
 *     [--methods kmeans,spectral_kmeans,diffusion] [--every 2] [--workers 1] [--seed 1]
 *
 * Last line: one JSON object {set, features, n, s, maps: {"<map>/<protocol>": {dice, regions, small?}}}
 * (`small`: mean Dice over images whose target is under 3 % of the image).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildFeatures, clusterImages, mergeSimilarRegions } from '@cuts/cluster';
import { createEmbeddingMatrix, mergeConfigInput, parseConfig } from '@cuts/core';
import { loadDataset, readNpy } from '@cuts/data';
import { evaluateImage } from '@cuts/eval';

const here = path.dirname(new URL(import.meta.url).pathname);
const { values: a } = parseArgs({
  args: process.argv.slice(2).filter((x) => x !== '--'),
  options: {
    set: { type: 'string' },
    run: { type: 'string' },
    data: { type: 'string' },
    features: { type: 'string', default: 'both' },
    'pixel-weight': { type: 'string' },
    cluster: { type: 'string', default: '{}' },
    methods: { type: 'string', default: 'kmeans,spectral_kmeans,diffusion' },
    every: { type: 'string', default: '1' },
    workers: { type: 'string', default: '1' },
    seed: { type: 'string', default: '1' },
    merge: { type: 'string', default: '' },
    linkage: { type: 'string', default: 'ward' },
  },
});
if (!a.set && !a.data) throw new Error('--set <name in ../shared/data> or --data <dir> is required');
const clusterInput = JSON.parse(a.cluster);
if (a['pixel-weight'] !== undefined) clusterInput.pixelWeight = Number(a['pixel-weight']);
const config = parseConfig(mergeConfigInput({}, { cluster: { ...clusterInput, features: a.features } }));
const dataDir = a.data ?? path.resolve(here, '..', '..', '..', '..', 'shared', 'data', a.set);
const every = Number(a.every);
let items = (await loadDataset(dataDir, { ...config.data })).filter((_, i) => i % every === 0);
items = items.filter((it) => it.mask?.data.some((v) => v));
const embeddingFile = (id) => path.join(a.run ?? '', 'embeddings', `${id}.npy`);
if (a.features !== 'pixels') {
  if (!a.run) throw new Error(`--features ${a.features} needs --run <run dir with embeddings/>`);
  items = items.filter((it) => existsSync(embeddingFile(it.id)));
}

async function features(item) {
  if (a.features === 'pixels') return buildFeatures('pixels', { image: item.image });
  const npy = await readNpy(embeddingFile(item.id));
  const embedding = createEmbeddingMatrix(npy.shape[0], npy.shape[1], npy.data);
  return buildFeatures(config.cluster.features, { image: item.image, embedding }, config.cluster.pixelWeight);
}

const methods = a.methods.split(',');
const merges = a.merge ? a.merge.split(',').map(Number) : [];
const start = performance.now();
const rows = [];
const chunk = 8;
for (let i = 0; i < items.length; i += chunk) {
  const batch = items.slice(i, i + chunk);
  const inputs = await Promise.all(
    batch.map(async (it) => ({
      id: it.id,
      matrix: await features(it),
      grid: { height: it.image.height, width: it.image.width },
    })),
  );
  const results = await clusterImages(inputs, config.cluster, {
    seed: Number(a.seed),
    workers: Number(a.workers),
    methods,
  });
  for (let j = 0; j < batch.length; j++) {
    const r = results[j];
    const gt = batch[j].mask;
    const fg = gt.data.reduce((x, y) => x + y, 0) / gt.data.length;
    const maps = {
      kmeans: r.kmeans?.map,
      spectral_kmeans: r.spectral_kmeans?.map,
      spectral_classes: r.spectral_kmeans?.classes,
      spectral_chosen: r.spectral_kmeans?.chosenMap,
      diffusion_persistent: r.diffusion?.persistent,
    };
    // --merge t1,t2,…: every object map again after region merging at each threshold ("<map>@t")
    for (const t of merges) {
      for (const method of ['kmeans', 'spectral_kmeans', 'diffusion_persistent']) {
        const map = maps[method];
        if (map)
          maps[`${method}@${t}`] = mergeSimilarRegions(map, inputs[j].matrix.data, inputs[j].matrix.dim, t, {
            linkage: a.linkage,
          });
      }
    }
    for (const [method, map] of Object.entries(maps)) {
      if (!map) continue;
      const scores = evaluateImage({ image: batch[j].id, method, labelMaps: map, gt, protocols: ['hint', 'point'] });
      rows.push(...scores.map((s) => ({ ...s, fg })));
    }
    if (r.diffusion) {
      const scores = evaluateImage({
        image: batch[j].id,
        method: 'diffusion_best',
        labelMaps: r.diffusion.levels,
        gt,
        protocols: ['oracle'],
      });
      rows.push(...scores.map((s) => ({ ...s, fg })));
    }
  }
}

const mean = (v) => (v.length ? v.reduce((x, y) => x + y, 0) / v.length : null);
const groups = new Map();
for (const r of rows) {
  const key = `${r.method}/${r.protocol}`;
  const g = groups.get(key) ?? { dice: [], regions: [], small: [] };
  g.dice.push(r.dice);
  g.regions.push(r.clusters);
  if (r.fg > 0 && r.fg < 0.03) g.small.push(r.dice);
  groups.set(key, g);
}
const r4 = (x) => (x === null ? null : +x.toFixed(4));
const out = {};
for (const [key, g] of groups) {
  out[key] = {
    dice: r4(mean(g.dice)),
    regions: r4(mean(g.regions)),
    ...(g.small.length ? { small: r4(mean(g.small)), n_small: g.small.length } : {}),
  };
}
const s = +((performance.now() - start) / 1000).toFixed(1);
console.log(
  JSON.stringify({
    set: a.set ?? dataDir,
    features: config.cluster.features,
    pixelWeight: config.cluster.pixelWeight,
    n: items.length,
    s,
    maps: out,
  }),
);
