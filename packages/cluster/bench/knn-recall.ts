/** Recall of knnGraph (k = 100) against brute force on one lifted retina image, raw 128-d and PCA-32. Run: tsc -p bench/tsconfig.json && node dist/bench/bench/knn-recall.js */
import { knnGraph } from '../src/knn.js';
import { pcaScores } from '../src/pca.js';
import { sqDist } from '../src/distance.js';
import { liftedRetina } from '../src/test-utils/lift.js';
const [img] = await liftedRetina(1, 128);
const n = img.matrix.rows;
for (const [label, data, dim] of [
  ['raw128', img.matrix.data, 128],
  ['pca32', pcaScores(img.matrix.data, n, 128, 32).scores, 32],
] as const) {
  for (const cf of [2, 3, 5]) {
    const t = performance.now();
    const g = knnGraph(data, n, dim, 100, { candidateFactor: cf });
    const ms = performance.now() - t;
    let hits = 0,
      ratio = 0;
    for (let s = 0; s < 100; s++) {
      const i = s * 163;
      const d = Array.from({ length: n }, (_, j) => (j === i ? Infinity : sqDist(data, i, data, j, dim)));
      const order = d
        .map((_, j) => j)
        .sort((a, b) => d[a] - d[b])
        .slice(0, 100);
      const truth = new Set(order);
      for (let r = 0; r < 100; r++) if (truth.has(g.indices[i * 100 + r])) hits++;
      const kthTrue = Math.sqrt(d[order[98]]);
      const kthGot = [...g.distances.subarray(i * 100, i * 100 + 100)].sort((a, b) => a - b)[98];
      ratio += kthGot / kthTrue;
    }
    console.log(
      label,
      'cf',
      cf,
      'recall',
      (hits / 10000).toFixed(3),
      'sigma ratio',
      (ratio / 100).toFixed(3),
      ms.toFixed(0),
      'ms',
    );
  }
}
