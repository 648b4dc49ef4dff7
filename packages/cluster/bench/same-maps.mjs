// Map-by-map identity against another checkout: LANDED=/tmp/landed node bench/same-maps.mjs emb <run>/embeddings <from> <count>
// '=' = bit-identical map, else the share of pixels whose label matches under the best label mapping.
import { embeddingImages, pixelImages } from '../dist/bench/bench/per-image.js';
import { defaultConfig } from '@cuts/core';
const A = await import(`${process.env.LANDED ?? '/tmp/landed'}/packages/cluster/dist/bench/src/index.js`);
const B = await import('../dist/bench/src/index.js');
const [mode, dir, from, count] = process.argv.slice(2);
const all =
  mode === 'pixels'
    ? await pixelImages(dir, Number(from) + Number(count))
    : await embeddingImages(dir, Number(from) + Number(count));
const same = (x, y) => x.length === y.length && x.every((v, i) => v === y[i]);
// adjusted agreement: fraction of pixel pairs... use simple: best-match overlap (labels may be renumbered)
const agree = (x, y) => {
  const m = new Map();
  for (let i = 0; i < x.length; i++) {
    const k = x[i] * 100000 + y[i];
    m.set(k, (m.get(k) ?? 0) + 1);
  }
  const best = new Map();
  for (const [k, c] of m) {
    const a = Math.floor(k / 100000);
    best.set(a, Math.max(best.get(a) ?? 0, c));
  }
  let s = 0;
  for (const v of best.values()) s += v;
  return s / x.length;
};
for (const img of all.slice(Number(from))) {
  const g = { height: img.side, width: img.side };
  const a = A.clusterImage(img.matrix, g, defaultConfig.cluster, undefined, 1);
  const b = B.clusterImage(img.matrix, g, defaultConfig.cluster, undefined, 1);
  const maps = [
    ['kmeans', a.kmeans.map, b.kmeans.map],
    ['spectral', a.spectral_kmeans.map, b.spectral_kmeans.map],
    ['persistent', a.diffusion.persistent, b.diffusion.persistent],
  ];
  a.diffusion.levels.forEach((l, i) => b.diffusion.levels[i] && maps.push([`level${i}`, l, b.diffusion.levels[i]]));
  console.log(
    img.id,
    maps.map(([n, x, y]) => `${n}:${same(x.data, y.data) ? '=' : agree(x.data, y.data).toFixed(3)}`).join(' '),
    `levels ${a.diffusion.levels.length}/${b.diffusion.levels.length}`,
  );
}
