import type { ClusterConfig, EmbeddingMatrix, LabelMap } from '@cuts/core';
import { CutsInputError, createLabelMap } from '@cuts/core';
import { diffusionCondensation } from './diffusion.js';
import { kmeans } from './kmeans.js';
import { persistentStructures, type PersistentStructure } from './persistent.js';
import { mergeSimilarRegions } from './region-merge.js';
import { mergeSmallRegions, mergeSmallRegionsNested, minRegionPixels, splitConnectedRegions } from './regions.js';
import type { LandmarkPotential } from './landmark-potential.js';
import { spectralKmeans, spectralPotential } from './spectral.js';
import { assertGrid, assertMatrix } from './validate.js';

/** A clustering method `clusterImage` can run (also the method names in reports). */
export type ClusterMethod = 'kmeans' | 'spectral_kmeans' | 'diffusion';
/** Every `ClusterMethod`, in the order reports list them. */
export const clusterMethods: readonly ClusterMethod[] = ['kmeans', 'spectral_kmeans', 'diffusion'];

/** The pixel grid of an image whose rows (pixels, row-major) are being clustered. */
export interface Grid {
  height: number;
  width: number;
}

/** `clusterImage`'s k-means result for one image. */
export interface KmeansImageResult {
  map: LabelMap;
  k: number;
  inertia: number;
  iterations: number;
  seconds: number;
}

/** `clusterImage`'s diffusion-potential (spectral) k-means result for one image. */
export interface SpectralImageResult {
  /** Fixed-k map (config spectral.k). */
  map: LabelMap;
  k: number;
  /** Label-free choice of k and its map (when spectral.chooseK). */
  chosenK?: number;
  chosenMap?: LabelMap;
  /**
   * The class map: the label-free k's clusters as they are (one id per cluster wherever its
   * pixels lie, no minimum region size). A tissue class made of many small objects (nuclei,
   * membranes) stays one region here; the other maps split it into objects. Present when
   * spectral.chooseK is on (the default).
   */
  classes?: LabelMap;
  silhouettes?: { k: number; score: number }[];
  seconds: number;
}

/** `clusterImage`'s diffusion-condensation result for one image: the level maps and the persistent map. */
export interface DiffusionImageResult {
  /** Salient-level label maps, finest first (after the minimum-region cleanup and region split). */
  levels: LabelMap[];
  /** Their indices in the full condensation stack. */
  salientLevels: number[];
  gradient: number[];
  /** Levels in the full stack (many clusters → one). */
  stackLevels: number;
  /**
   * The persistent-structure map (label-free single map, after the minimum-region
   * cleanup and region split) and its structures (as found on the cleaned levels
   * before the split, before the map's own cleanup).
   */
  persistent: LabelMap;
  structures: PersistentStructure[];
  seconds: number;
}

/** The results of the methods asked for, for one image. */
export interface ImageClusters {
  kmeans?: KmeansImageResult;
  spectral_kmeans?: SpectralImageResult;
  diffusion?: DiffusionImageResult;
}

/** Runs the requested methods on one image's embedding matrix with the config's settings. */
export function clusterImage(
  matrix: EmbeddingMatrix,
  grid: Grid,
  config: ClusterConfig,
  methods: readonly ClusterMethod[] = clusterMethods,
  seed = 0,
): ImageClusters {
  assertMatrix(matrix);
  assertGrid(grid, matrix.rows);
  const out: ImageClusters = {};
  const minSize = minRegionPixels(grid, config.minRegionFraction);
  // every map leaves here with regions of at least `minRegionFraction` of the image,
  // and (connectedRegions) one id per connected region
  const split = (map: LabelMap): LabelMap => (config.connectedRegions ? splitConnectedRegions(map) : map);
  const clean = (map: LabelMap): LabelMap =>
    split(config.minRegionFraction > 0 ? mergeSmallRegions(map, minSize) : map);
  // then (mergeThreshold, on connected regions only) adjacent regions that differ little in the features join
  const merge = (map: LabelMap): LabelMap =>
    config.mergeThreshold > 0 && config.connectedRegions
      ? mergeSimilarRegions(map, matrix.data, matrix.dim, config.mergeThreshold, { linkage: config.mergeLinkage })
      : map;
  const toMap = (labels: Int32Array): LabelMap => merge(clean(createLabelMap(grid.height, grid.width, labels)));
  const sc = config.spectral;
  const spectralOptions = {
    k: sc.k,
    knn: sc.knn,
    decay: sc.decay,
    landmarks: sc.landmarks,
    t: sc.t,
    pcaComponents: sc.pcaComponents,
    components: sc.components,
    chooseK: sc.chooseK ? { min: sc.minK, max: sc.maxK } : (false as const),
    restarts: config.kmeans.restarts,
    seed,
  };
  // one spectral potential for both methods when the condensation uses it (diffusion.potential 'spectral')
  const sharePotential = config.diffusion.potential === 'spectral' && matrix.rows >= 3;
  let shared: LandmarkPotential | undefined;
  const spectralPotentialOnce = (): LandmarkPotential | undefined => {
    if (!sharePotential) return undefined;
    shared ??= spectralPotential(matrix, spectralOptions);
    return shared;
  };
  for (const method of methods) {
    const start = performance.now();
    if (method === 'kmeans') {
      const c = config.kmeans;
      const r = kmeans(matrix, {
        k: c.k,
        restarts: c.restarts,
        maxIterations: c.maxIterations,
        tolerance: c.tolerance,
        screenRows: c.screenRows,
        seed,
      });
      out.kmeans = {
        map: toMap(r.labels),
        k: c.k,
        inertia: r.inertia,
        iterations: r.iterations,
        seconds: elapsed(start),
      };
    } else if (method === 'spectral_kmeans') {
      const r = spectralKmeans(matrix, spectralOptions, spectralPotentialOnce());
      out.spectral_kmeans = {
        map: toMap(r.labels),
        k: r.k,
        chosenK: r.chosenK,
        chosenMap: r.chosenLabels && toMap(r.chosenLabels),
        classes: r.chosenLabels && createLabelMap(grid.height, grid.width, r.chosenLabels),
        silhouettes: r.silhouettes,
        seconds: elapsed(start),
      };
    } else if (method === 'diffusion') {
      const c = config.diffusion;
      const r = diffusionCondensation(
        matrix,
        grid,
        {
          pcaComponents: c.pcaComponents,
          knn: c.knn,
          landmarks: c.landmarks,
          t: c.t,
          maxComponents: c.maxComponents,
          minExplainedVariance: c.minExplainedVariance,
          bandwidthGrowth: c.bandwidthGrowth,
          mergePercentile: c.mergePercentile,
          mergeOffset: c.mergeOffset,
          granularity: c.granularity,
          levelSelection: c.levelSelection,
          ladder: c.ladder,
          seed,
        },
        spectralPotentialOnce(),
      );
      // levels stay nested (a region at one level is a union of regions at the finer ones)
      const cleaned = config.minRegionFraction > 0 ? mergeSmallRegionsNested(r.levels, minSize) : r.levels;
      // persistence follows cluster ids across levels, so it reads the levels before the split
      const levels = cleaned.length > 0 ? cleaned : [createLabelMap(grid.height, grid.width)];
      const p = persistentStructures(levels, config.persistent);
      out.diffusion = {
        levels: cleaned.map(split),
        salientLevels: r.salientLevels,
        gradient: Array.from(r.gradient),
        stackLevels: r.stack.assignments.length,
        persistent: merge(clean(p.map)),
        structures: p.structures,
        seconds: elapsed(start),
      };
    } else {
      throw new CutsInputError(
        `unknown clustering method "${String(method)}" (choose ${clusterMethods.join(', ')})`,
        'methods',
      );
    }
  }
  return out;
}

function elapsed(start: number): number {
  return (performance.now() - start) / 1000;
}
