import { diffusionCondensation, spectralKmeans, kmeans } from '../src/index.js';
import { liftedRetina } from './lift.js';
const [img] = await liftedRetina(1, 128);
const which = process.argv[2] ?? 'diffusion';
for (let r = 0; r < 2; r++) {
  const t = performance.now();
  if (which === 'diffusion') diffusionCondensation(img.matrix, { height: 128, width: 128 }, { seed: 1 });
  else if (which === 'spectral') spectralKmeans(img.matrix, { seed: 1 });
  else kmeans(img.matrix, { k: 10, seed: 1, screenRows: Number(process.argv[3] ?? 2048) });
  console.log(which, (performance.now() - t).toFixed(0), 'ms', (process.resourceUsage().maxRSS / 1024).toFixed(0), 'MB');
}
