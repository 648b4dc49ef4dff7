// Stage-level A/B against another checkout (built bench): LANDED=<tree> node bench/stage-ab.mjs <run>/embeddings <images> [reps]
// CPU seconds (best of reps) of PCA, kNN, landmarkPotential and potentialPca on both methods' inputs (spectral: PCA 32, 500
// landmarks; diffusion: PCA 100, 2,000 landmarks; raw rows for both here), the two versions alternating in one process.
import { embeddingImages } from '../dist/bench/bench/per-image.js';
const base = `${process.env.LANDED ?? '/tmp/landed'}/packages/cluster/dist/bench/src`;
const load = async (dir) => ({
  pca: await import(`${dir}/pca.js`),
  lp: await import(`${dir}/landmark-potential.js`),
  pp: await import(`${dir}/potential-pca.js`),
  knn: await import(`${dir}/knn.js`),
});
const A = await load(base);
const B = await load(new URL('../dist/bench/src', import.meta.url).pathname);
const [dir, count, reps = '3'] = process.argv.slice(2);
const imgs = await embeddingImages(dir, Number(count));
const cpu = (f) => {
  const t = process.cpuUsage();
  f();
  const u = process.cpuUsage(t);
  return (u.user + u.system) / 1e6;
};
const tot = {};
for (const img of imgs) {
  const { rows: n, dim, data } = img.matrix;
  for (const [name, pcs, L] of [
    ['spectral', 32, 500],
    ['diffusion', 100, 2000],
  ]) {
    const space = A.pca.pcaScores(data, n, dim, pcs).scores;
    const pot = A.lp.landmarkPotential(space, n, pcs, { knn: 100, decay: 40, landmarks: L, t: 2, seed: 1 });
    for (const [stage, run] of [
      ['pca', (m) => m.pca.pcaScores(data, n, dim, pcs)],
      ['knn', (m) => m.knn.knnGraph(space, n, pcs, 100, { seed: 7 })],
      ['potential', (m) => m.lp.landmarkPotential(space, n, pcs, { knn: 100, decay: 40, landmarks: L, t: 2, seed: 1 })],
      ['potentialPca', (m) => m.pp.potentialPca(pot, name === 'spectral' ? 24 : 35, name === 'spectral' ? 1 : 0, 2)],
    ]) {
      let a = Infinity,
        b = Infinity;
      for (let r = 0; r < Number(reps); r++) {
        a = Math.min(
          a,
          cpu(() => run(A)),
        );
        b = Math.min(
          b,
          cpu(() => run(B)),
        );
      }
      const key = `${name}.${stage}`;
      tot[key] = tot[key] ?? [0, 0];
      tot[key][0] += a;
      tot[key][1] += b;
    }
  }
}
for (const [k, [a, b]] of Object.entries(tot))
  console.log(k, a.toFixed(3), '→', b.toFixed(3), `×${(a / b).toFixed(2)}`);
