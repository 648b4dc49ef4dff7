import { sharedDataPath } from '@cuts/core';
import { loadRetina } from '../src/test-utils/retina.js';
import { runBaseline, BASELINES } from '../src/baselines/run.js';
import { evaluateImage } from '../src/evaluate.js';

const items = await loadRetina(sharedDataPath('retina_ga')!);
const which = process.argv.slice(2);
for (const name of (which.length ? which : BASELINES) as any[]) {
  for (const rr of [true, false]) {
    const t0 = performance.now();
    let sum = 0; let hd = 0;
    for (const it of items) {
      const labels = runBaseline(name, it.image, { referenceRounding: rr });
      const [s] = evaluateImage({ image: it.id, method: name, labelMaps: labels, gt: it.mask, protocols: ['hint'] });
      sum += s.dice; hd += s.hd;
    }
    console.log(name, 'rounding', rr, 'dice', (sum / items.length).toFixed(4), 'hd', (hd/items.length).toFixed(2), 'ms', (performance.now() - t0).toFixed(0));
  }
}
