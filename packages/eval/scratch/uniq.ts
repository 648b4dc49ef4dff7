import { sharedDataPath } from '@cuts/core';
import { loadRetina } from '../src/test-utils/retina.js';
import { toBaselineUint8 } from '../src/baselines/input.js';
const items = await loadRetina(sharedDataPath('retina_ga')!);
const counts = items.map((it) => { const u = toBaselineUint8(it.image); const s = new Set<number>(); for (let i = 0; i < u.data.length; i += 3) s.add((u.data[i] << 16) | (u.data[i+1] << 8) | u.data[i+2]); return s.size; });
console.log(Math.min(...counts), Math.max(...counts), counts.reduce((a, b) => a + b) / counts.length);
