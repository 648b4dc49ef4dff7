/**
 * Benchmark: every classical baseline on the 56 retina images (hint protocol),
 * Dice/HD against the paper, time per image (median of 3 runs), and the cost
 * of scoring one 128² mask (scoreMask: Dice, IoU, HD, HD95, SSIM).
 * Last line: one JSON object.
 */
import os from 'node:os';
import { sharedDataPath } from '@cuts/core/testing';
import type { LabelMap } from '@cuts/core';
import { applyProtocol, evaluateImage, scoreMask } from '@cuts/eval';
import { BASELINES, runBaseline } from '../src/index.js';
import { loadRetina } from '../src/test-utils/retina.js';

const PAPER: Record<string, number> = {
  otsu: 0.192,
  slic: 0.567,
  felzenszwalb: 0.592,
  kmeans_pixels: 0.657,
  random: 0.132,
};
const dir = sharedDataPath('retina_ga');
if (!dir) throw new Error('../shared/data/retina_ga is missing');
const items = await loadRetina(dir);
const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];

const baselines: Record<string, { dice: number; hd: number; paper_dice: number; ms_per_image: number }> = {};
for (const name of BASELINES) {
  const times: number[] = [];
  let dice = 0;
  let hd = 0;
  for (let rep = 0; rep < 3; rep++) {
    const labels: LabelMap[] = [];
    const t0 = performance.now();
    for (const it of items) labels.push(runBaseline(name, it.image));
    times.push((performance.now() - t0) / items.length);
    if (rep === 0) {
      items.forEach((it, i) => {
        const [row] = evaluateImage({
          image: it.id,
          method: name,
          labelMaps: labels[i],
          gt: it.mask,
          protocols: ['hint'],
        });
        dice += row.dice / items.length;
        hd += row.hd / items.length;
      });
    }
  }
  baselines[name] = {
    dice: +dice.toFixed(4),
    hd: +hd.toFixed(2),
    paper_dice: PAPER[name],
    ms_per_image: +median(times).toFixed(2),
  };
  console.log(
    `${name.padEnd(14)} Dice ${dice.toFixed(4)} (paper ${PAPER[name]})  HD ${hd.toFixed(2)}  ${median(times).toFixed(2)} ms/image`,
  );
}

const masks = items.map((it) => applyProtocol('hint', runBaseline('felzenszwalb', it.image), it.mask).mask);
const scoreTimes: number[] = [];
for (let rep = 0; rep < 5; rep++) {
  const t0 = performance.now();
  items.forEach((it, i) => scoreMask(masks[i], it.mask));
  scoreTimes.push((performance.now() - t0) / items.length);
}
console.log(`scoreMask      ${median(scoreTimes).toFixed(3)} ms per 128² mask`);
console.log(
  JSON.stringify({
    machine: `${os.cpus()[0]?.model ?? 'cpu'} ×${os.cpus().length}`,
    images: items.length,
    baselines,
    score_mask_ms: +median(scoreTimes).toFixed(3),
  }),
);
