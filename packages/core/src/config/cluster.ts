import { z } from 'zod';

/** Stage 2: clustering each image's embedding matrix (reference §3). */
export const clusterConfigSchema = z.strictObject({
  /**
   * What the clustering runs on: `embedding` (the learned per-pixel embedding),
   * `pixels` (the model input itself: no training; the raw-pixel control), or
   * `both` (embedding and pixels side by side, the pixels scaled so their total
   * variance is `pixelWeight` × the embedding's). Default `both` (docs/results.md).
   */
  features: z.enum(['embedding', 'pixels', 'both']).default('both'),
  /**
   * With `both`: the pixels' total variance as a multiple of the embedding's. Default 3 —
   * picked on the seed-1 suite over 1 and 3 (docs/results.md, "Ablations"): the learned
   * embedding carries texture and context, the pixels the intensity that small bright
   * targets need.
   */
  pixelWeight: z.number().min(0).default(3),
  kmeans: z
    .strictObject({
      k: z.int().min(1).default(10),
      restarts: z.int().min(1).default(10),
      maxIterations: z.int().min(1).default(300),
      tolerance: z.number().min(0).default(1e-6),
      /** Restarts are compared on this many random rows, the best is then run on all rows (0 = every restart on all rows). */
      screenRows: z.int().min(0).default(2048),
    })
    .prefault({}),
  spectral: z
    .strictObject({
      k: z.int().min(1).default(10),
      knn: z.int().min(1).default(100),
      decay: z.number().positive().default(40),
      landmarks: z.int().min(2).default(500),
      t: z.int().min(1).default(2),
      /** Neighbours are searched on this many principal components of the embedding (0 = raw). */
      pcaComponents: z.int().min(0).default(32),
      /** Principal components of the diffusion potential that k-means runs on. */
      components: z.int().min(1).default(16),
      /** Also choose k without labels (best landmark silhouette over minK..maxK). */
      chooseK: z.boolean().default(true),
      minK: z.int().min(2).default(2),
      maxK: z.int().min(2).default(9),
    })
    .prefault({}),
  diffusion: z
    .strictObject({
      /**
       * Which diffusion potential condenses: `own` (default) — L2-normalised rows, PCA
       * (pcaComponents), its own kNN kernel and landmarks (the reference's design); `spectral`
       * — the spectral k-means potential (cluster.spectral's knn, landmarks, PCA), computed
       * once for both methods: ≈ ×1.5 faster again, but the diffusion levels and the
       * persistent map lose Dice on some sets (EM membranes −0.18; docs/results.md).
       */
      potential: z.enum(['own', 'spectral']).default('own'),
      /**
       * PCA of the L2-normalised rows before the kNN search (0 or ≥ dim = none). Default 32
       * (the reference: 100) — with 1,000 landmarks, ×1.6 faster clustering at the same Dice
       * on the six suite sets (docs/results.md, "A cheaper condensation potential").
       */
      pcaComponents: z.int().min(0).default(32),
      knn: z.int().min(1).default(100),
      /** Landmark cells = the points that condense. Default 1,000 (the reference: 2,000; see pcaComponents). */
      landmarks: z.int().min(2).default(1000),
      maxComponents: z.int().min(1).default(25),
      minExplainedVariance: z.number().min(0).max(1).default(0.01),
      bandwidthGrowth: z.number().gt(1).default(1.025),
      mergePercentile: z.number().min(0).max(100).default(0.001),
      mergeOffset: z.number().min(0).default(0.001),
      condensationKnn: z.int().min(1).default(5),
      /** Diffusion time of the landmark operator (PHATE chooses it; fixed here like spectral). */
      t: z.int().min(1).default(2),
      /** Initial bandwidth = granularity · 0.1 · std · M^(1/5) (Multiscale PHATE's default 0.1). */
      granularity: z.number().positive().default(0.1),
      /**
       * Which condensation levels become label maps: `ladder` (default) — the level
       * nearest each cluster count in `ladder`; `salient` — the reference's rule
       * (running minima of the gradient curve). See packages/cluster/README.md.
       */
      levelSelection: z.enum(['ladder', 'salient']).default('ladder'),
      ladder: z.array(z.int().min(1)).min(1).default([2, 3, 4, 5, 6, 8, 10, 12, 16, 20, 25, 32]),
    })
    .prefault({}),
  persistent: z
    .strictObject({
      minPersistence: z.int().min(1).default(2),
      minAreaFraction: z.number().min(0).max(1).default(0.01),
    })
    .prefault({}),
  /**
   * Minimum region size, as a fraction of the image area: connected regions of a
   * cluster smaller than this are merged into the neighbour they share the longest
   * border with, in every map (k-means, spectral, each diffusion level, persistent).
   * 0 = off (the paper). See docs/results.md for the ablation.
   */
  minRegionFraction: z.number().min(0).max(0.5).default(0.02),
  /**
   * Every label of every map is one 4-connected region: the pieces of a cluster
   * that do not touch get ids of their own (the largest piece keeps the cluster's
   * id). false = one id per cluster, wherever its pieces lie (the paper).
   * See docs/results.md for the ablation.
   */
  connectedRegions: z.boolean().default(true),
  /**
   * Region merging after the clean-up (k-means, spectral and persistent maps; not the class
   * map nor the diffusion levels): adjacent regions join, most alike first, while the squared
   * distance between their mean features (`centroid`) stays under this fraction of the image's
   * total feature variance — or, `ward`, while a merge raises the within-region sum of squares
   * by less than this fraction of the total (`mergeSimilarRegions`). The number of regions then
   * follows the image instead of k. Works on connected regions, so only with `connectedRegions`
   * (every merged region gets one id; `connectedRegions: false` keeps the paper's maps). 0 = off. Chosen on lgg, hc18 and brain, confirmed on the other sets (docs/results.md).
   */
  mergeThreshold: z.number().min(0).max(1).default(0.1),
  /** How `mergeThreshold` measures two regions' difference (see there). */
  mergeLinkage: z.enum(['centroid', 'ward']).default('centroid'),
  /** Worker threads for per-image clustering; 0 = one per core. */
  workers: z.int().min(0).default(0),
});
/** The `cluster` section of a parsed config. */
export type ClusterConfig = z.infer<typeof clusterConfigSchema>;
