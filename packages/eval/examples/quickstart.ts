/**
 * README example: label maps from any segmenter (here a 4-level grey quantisation and
 * seeded random labels) scored on three retina images under every protocol that applies.
 */
import { Rng, createLabelMap } from '@cuts/core';
import { sharedDataPath } from '@cuts/core/testing';
import type { Image, LabelMap } from '@cuts/core';
import { evaluateImage, renderMarkdownTable, summarize } from '../src/index.js';
import type { ImageScore } from '../src/index.js';
import { loadRetina } from '../src/test-utils/retina.js';

/** Mean of the channels (in [-1, 1]) cut into `levels` equal bins: ids 0..levels−1. */
function greyLevels(image: Image, levels: number): LabelMap {
  const map = createLabelMap(image.height, image.width);
  const c = image.channels;
  for (let i = 0; i < map.data.length; i++) {
    let sum = 0;
    for (let k = 0; k < c; k++) sum += image.data[i * c + k];
    map.data[i] = Math.min(levels - 1, Math.floor(((sum / c + 1) / 2) * levels));
  }
  return map;
}

const items = (await loadRetina(sharedDataPath('retina_ga') as string)).slice(0, 3);
const rng = new Rng(1);
const rows: ImageScore[] = [];
for (const item of items) {
  const grey = greyLevels(item.image, 4);
  rows.push(
    ...evaluateImage({ image: item.id, method: 'grey4', labelMaps: grey, gt: item.mask, protocols: ['hint', 'point'] }),
  );
  const coin = createLabelMap(item.image.height, item.image.width);
  for (let i = 0; i < coin.data.length; i++) coin.data[i] = rng.next() < 0.5 ? 1 : 0;
  rows.push(
    ...evaluateImage({ image: item.id, method: 'random', labelMaps: coin, gt: item.mask, protocols: ['direct'] }),
  );
}
const r = rows[0];
console.log(
  `${r.image} ${r.method}/${r.protocol}: Dice ${r.dice.toFixed(3)}, HD ${r.hd.toFixed(2)}, HD95 ${r.hd95.toFixed(2)}, SSIM ${r.ssim.toFixed(3)}, ${r.clusters} clusters`,
);
console.log(renderMarkdownTable(summarize(rows, { dataset: 'retina_ga (3 images)', backend: 'none', seed: 1 })));
