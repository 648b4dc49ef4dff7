// A/B against another checkout (built bench): LANDED=/tmp/landed node bench/ab-landed.mjs emb <run>/embeddings <images> [reps]
// Both versions run alternately in this one process on the same images; best of <reps> CPU seconds per method (fair on a shared machine).
// Methods `all`: the three methods in one clusterImage call (the pipeline's way; they share work when diffusion.potential is 'spectral').
import { embeddingImages, pixelImages } from '../dist/bench/bench/per-image.js';
import { defaultConfig } from '@cuts/core';
const A = await import(`${process.env.LANDED ?? '/tmp/landed'}/packages/cluster/dist/bench/src/index.js`);
// each tree runs with its own default config (the landed commit's defaults for A)
const configA = (await import(`${process.env.LANDED ?? '/tmp/landed'}/packages/core/dist/index.js`)).defaultConfig
  .cluster;
const B = await import('../dist/bench/src/index.js');
const [mode, dir, count, reps = '3', methodsArg = 'kmeans,spectral_kmeans,diffusion'] = process.argv.slice(2);
const imgs = mode === 'pixels' ? await pixelImages(dir, Number(count)) : await embeddingImages(dir, Number(count));
const methods = methodsArg.split(',');
const cpu = (lib, m, img) => {
  const t = process.cpuUsage();
  const ms = m === 'all' ? ['kmeans', 'spectral_kmeans', 'diffusion'] : [m];
  lib.clusterImage(
    img.matrix,
    { height: img.side, width: img.side },
    lib === A ? configA : defaultConfig.cluster,
    ms,
    1,
  );
  const u = process.cpuUsage(t);
  return (u.user + u.system) / 1e6;
};
for (const m of methods) {
  cpu(A, m, imgs[0]);
  cpu(B, m, imgs[0]);
}
const tot = { A: 0, B: 0 };
for (const img of imgs) {
  const row = [];
  let ta = 0,
    tb = 0;
  for (const m of methods) {
    let a = Infinity,
      b = Infinity;
    for (let r = 0; r < Number(reps); r++) {
      a = Math.min(a, cpu(A, m, img));
      b = Math.min(b, cpu(B, m, img));
    }
    row.push(`${m} ${a.toFixed(3)}→${b.toFixed(3)}`);
    ta += a;
    tb += b;
  }
  tot.A += ta;
  tot.B += tb;
  console.log(img.id, row.join(', '), `total ${ta.toFixed(3)}→${tb.toFixed(3)} ×${(ta / tb).toFixed(2)}`);
}
console.log(`sum ×${(tot.A / tot.B).toFixed(2)}`);
