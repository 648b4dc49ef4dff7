/**
 * `@cuts/cluster`: turns any N × D `EmbeddingMatrix` (from `@cuts/core`) into
 * label maps: k-means, diffusion-potential (spectral) k-means, multi-scale
 * diffusion condensation and persistent structures, region clean-up, and the
 * per-image / many-image drivers the CLI uses. kNN graphs, PCA, kernels and
 * distance loops are internal.
 *
 * @packageDocumentation
 */

// The methods
export { kmeans, kmeansDefaults, type KmeansOptions, type KmeansResult } from './kmeans.js';
export {
  spectralKmeans,
  spectralDefaults,
  spectralPotential,
  type SpectralOptions,
  type SpectralResult,
} from './spectral.js';
export type { LandmarkPotential } from './landmark-potential.js';
export {
  condensationDefaults,
  diffusionCondensation,
  expandLevel,
  type CondensationOptions,
  type CondensationResult,
  type CondensationStack,
} from './diffusion.js';
export { DEFAULT_LADDER, selectLadderLevels, selectSalientLevels } from './levels.js';
export { persistentMap, persistentStructures, type PersistentOptions, type PersistentStructure } from './persistent.js';

// Region clean-up
export { mergeSmallRegions, mergeSmallRegionsNested, minRegionPixels, splitConnectedRegions } from './regions.js';
export { mergeSimilarRegions, type MergeOptions } from './region-merge.js';
export { linkSliceRegions, type LinkSlicesOptions } from './volume-regions.js';

// Per image and many images
export { buildFeatures, featureModes, pixelFeatures, type FeatureInput, type FeatureMode } from './features.js';
export {
  clusterImage,
  clusterMethods,
  type ClusterMethod,
  type DiffusionImageResult,
  type Grid,
  type ImageClusters,
  type KmeansImageResult,
  type SpectralImageResult,
} from './cluster-image.js';
export { ClusterPool } from './cluster-pool.js';
export {
  clusterImages,
  type ClusterImageInput,
  type ClusteredImage,
  type ClusterImagesOptions,
} from './cluster-images.js';
