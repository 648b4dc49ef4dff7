import { sharedDataPath } from '@cuts/core';
import { loadRetina } from '../src/test-utils/retina.js';
import { toBaselineUint8 } from '../src/baselines/input.js';
import { kmeansPixels } from '../src/baselines/kmeans-pixels.js';
const items = await loadRetina(sharedDataPath('retina_ga')!);
const u = items.map((it) => toBaselineUint8(it.image));
for (const [r, it] of [[10, 300], [1, 300], [10, 0], [10, 1]]) {
  const t0 = performance.now();
  for (const x of u) kmeansPixels(x, { restarts: r, maxIterations: it });
  console.log(r, it, (performance.now() - t0).toFixed(0));
}
