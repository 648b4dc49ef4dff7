import { diffusionCondensation } from '../src/index.js';
import { liftedRetina } from './lift.js';
const imgs = await liftedRetina(1, 128);
for (const { matrix } of imgs) {
  const t = performance.now();
  diffusionCondensation(matrix, { height: 128, width: 128 }, { seed: 1 });
  console.log('condensation', (performance.now() - t).toFixed(0));
}
