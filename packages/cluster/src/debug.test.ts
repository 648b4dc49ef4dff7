import { it } from 'vitest';
import { spectralKmeans } from './spectral.js';
import { gaussianBlobs } from './test-utils/blobs.js';
it('debug', () => {
  const { matrix, truth } = gaussianBlobs(5, 120, 16, 4);
  for (const components of [4, 8, 16]) for (const seed of [1, 2, 3]) {
    const r = spectralKmeans(matrix, { knn: 15, landmarks: 120, pcaComponents: 0, components, k: 5, seed });
    const tab = new Map<string, number>();
    r.labels.forEach((l, i) => tab.set(`${truth[i]}-${l}`, (tab.get(`${truth[i]}-${l}`) ?? 0) + 1));
    console.log(components, seed, r.chosenK, r.explainedVariance.toFixed(3), r.inertia.toFixed(1), JSON.stringify([...tab].sort()));
  }
});
