import { Rng } from '@cuts/core';
import { randomMask, referenceMasks } from '../src/test-utils/masks.js';
import { maskSsim } from '../src/metrics/ssim.js';
import { hausdorff } from '../src/metrics/hausdorff.js';
import { dice } from '../src/metrics/overlap.js';
import { scoreMask } from '../src/metrics/score.js';
import { maskFrom } from '../src/test-utils/masks.js';
const a = maskFrom(128, 128, (y, x) => (y - 60) ** 2 + (x - 70) ** 2 < 400);
const b = maskFrom(128, 128, (y, x) => (y - 64) ** 2 + (x - 60) ** 2 < 500);
for (const [n, f] of [['dice', () => dice(a, b)], ['hd', () => hausdorff(a, b)], ['ssim', () => maskSsim(a, b)], ['score', () => scoreMask(a, b)]] as const) {
  for (let i = 0; i < 20; i++) f();
  const t0 = performance.now();
  for (let i = 0; i < 100; i++) f();
  console.log(n, ((performance.now() - t0) / 100).toFixed(3));
}
