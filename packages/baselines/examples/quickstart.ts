/** README example: two baselines on three retina images, scored by @cuts/eval under every protocol that applies. */
import { sharedDataPath } from '@cuts/core/testing';
import { evaluateImage, renderMarkdownTable, summarize } from '@cuts/eval';
import type { ImageScore } from '@cuts/eval';
import { runBaseline } from '../src/index.js';
import { loadRetina } from '../src/test-utils/retina.js';

const items = (await loadRetina(sharedDataPath('retina_ga') as string)).slice(0, 3);
const rows: ImageScore[] = [];
for (const item of items) {
  const fz = runBaseline('felzenszwalb', item.image); // scale 200, σ 1.0, min size 10
  rows.push(
    ...evaluateImage({
      image: item.id,
      method: 'felzenszwalb',
      labelMaps: fz,
      gt: item.mask,
      protocols: ['hint', 'point'],
    }),
  );
  const rnd = runBaseline('random', item.image, { seed: 1 });
  rows.push(
    ...evaluateImage({ image: item.id, method: 'random', labelMaps: rnd, gt: item.mask, protocols: ['direct'] }),
  );
}
const r = rows[0];
console.log(
  `${r.image} ${r.method}/${r.protocol}: Dice ${r.dice.toFixed(3)}, HD ${r.hd.toFixed(2)}, HD95 ${r.hd95.toFixed(2)}, SSIM ${r.ssim.toFixed(3)}, ${r.clusters} clusters`,
);
console.log(renderMarkdownTable(summarize(rows, { dataset: 'retina_ga (3 images)', backend: 'none', seed: 1 })));
