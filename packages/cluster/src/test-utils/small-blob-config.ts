import { parseConfig } from '@cuts/core';

/** A cluster config sized for the 24 × 24 four-blob test images (small kNN, few landmarks). */
export const smallBlobConfig = parseConfig({
  cluster: {
    kmeans: { k: 4 },
    spectral: { k: 4, knn: 30, landmarks: 40, pcaComponents: 0, components: 6 },
    diffusion: { knn: 15, landmarks: 150, pcaComponents: 0 },
  },
}).cluster;
