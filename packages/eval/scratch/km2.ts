import { sharedDataPath } from '@cuts/core';
import { loadRetina } from '../src/test-utils/retina.js';
import { toBaselineUint8 } from '../src/baselines/input.js';
import { kmeansPixels } from '../src/baselines/kmeans-pixels.js';
const items = await loadRetina(sharedDataPath('retina_ga')!);
const u = items.map((it) => toBaselineUint8(it.image));
for (const x of u) kmeansPixels(x, { restarts: 10 });
console.log((globalThis as any).__it / 560);
