import { loadDataset } from '@cuts/data';
import { loadCutsModel, embedImage } from '@cuts/train';
import { spectralKmeans, kmeans } from '@cuts/cluster';
import { evaluateImage } from '@cuts/eval';
import { createLabelMap } from '@cuts/core';
const items = await loadDataset('/work/shared/data/retina_ga', {});
const model = await loadCutsModel(process.argv[2] ?? '/work/main/runs/exp-all1/model');
const Z = items.map((it) => embedImage(model, it.image));
const variants = JSON.parse(process.argv[3] ?? '[{}]');
const mean = (a) => a.reduce((s, v) => s + v, 0) / a.length;
for (const v of variants) {
  const d = [], hd = [];
  const t0 = performance.now();
  items.forEach((it, i) => {
    const r = spectralKmeans(Z[i], { k: 10, knn: 100, decay: 40, landmarks: 500, t: 2, chooseK: false, seed: 1, ...v });
    const s = evaluateImage({ image: it.id, method: 'x', labelMaps: createLabelMap(128, 128, r.labels), gt: it.mask, protocols: ['hint'] })[0];
    d.push(s.dice); hd.push(s.hd);
  });
  const kd = items.map((it, i) => evaluateImage({ image: it.id, method: 'x', labelMaps: createLabelMap(128, 128, kmeans(Z[i], { k: 10, seed: 1 }).labels), gt: it.mask, protocols: ['hint'] })[0].dice);
  console.log('kmeans', mean(kd).toFixed(4));
  console.log(JSON.stringify(v), 'dice', mean(d).toFixed(4), 'hd', mean(hd).toFixed(2), 's/img', ((performance.now() - t0) / 1000 / items.length).toFixed(2));
}
