import { createLabelMap, type EmbeddingMatrix, type LabelMap } from '@cuts/core';
import { condense, condenseDefaults } from './condense.js';
import { landmarkPotential, type LandmarkPotential } from './landmark-potential.js';
import { DEFAULT_LADDER, selectLadderLevels, selectSalientLevels } from './levels.js';
import { reducedSpace } from './pca.js';
import { potentialPca } from './potential-pca.js';
import { assertGrid, assertMatrix } from './validate.js';

/** Options of `diffusionCondensation`; every field defaults to `condensationDefaults`. */
export interface CondensationOptions {
  /** PCA of the L2-normalised rows before the kNN search (reference 100; 0 or ≥ dim = none). */
  pcaComponents?: number;
  knn?: number;
  decay?: number;
  /** Landmarks = coarse-grained points that condense (reference 2,000). */
  landmarks?: number;
  t?: number;
  /** Potential PCA: at most this many components (reference 25) … */
  maxComponents?: number;
  /** … each holding more than this share of their total variance (reference 1%). */
  minExplainedVariance?: number;
  bandwidthGrowth?: number;
  mergePercentile?: number;
  mergeOffset?: number;
  granularity?: number;
  /** `ladder` (default): levels nearest to the `ladder` cluster counts; `salient`: the reference's gradient rule. */
  levelSelection?: 'ladder' | 'salient';
  ladder?: readonly number[];
  seed?: number;
}

/** Defaults of `diffusionCondensation`'s options (the reference's, see the README). */
export const condensationDefaults = {
  pcaComponents: 100,
  knn: 100,
  decay: 40,
  landmarks: 2000,
  t: 2,
  maxComponents: 25,
  minExplainedVariance: 0.01,
  bandwidthGrowth: 1.025,
  mergePercentile: 0.001,
  mergeOffset: 0.001,
  granularity: 0.1,
  seed: 0,
  levelSelection: 'ladder' as 'ladder' | 'salient',
  ladder: DEFAULT_LADDER as readonly number[],
};

/** The whole condensation history in compact form (no per-pixel copy per level). */
export interface CondensationStack {
  height: number;
  width: number;
  /** Coarse point (landmark cell) of every pixel. */
  pointOf: Int32Array;
  /** Per level, the cluster id of every coarse point; level 0 finest, last level one cluster. */
  assignments: Int32Array[];
}

/** What `diffusionCondensation` returns: selected level maps, the full stack and the gradient curve. */
export interface CondensationResult {
  /** Label maps at the selected levels, finest first (same order as salientLevels). */
  levels: LabelMap[];
  /** Indices into stack.assignments / gradient of the salient levels, ascending. */
  salientLevels: number[];
  /** gradient[l] = Σ|X_l − X_{l+1}| over the coarse points. */
  gradient: Float64Array;
  stack: CondensationStack;
  /** Coarse points that condensed and potential components they lived in. */
  points: number;
  components: number;
}

/**
 * Multi-scale diffusion condensation of one image (reference §3) without any pixel × pixel
 * matrix: rows are L2-normalised, the PHATE potential is built on landmarks (sparse kNN
 * kernel), reduced by PCA, the landmark cells' mean potentials condense, and every pixel
 * takes the label of its cell.
 */
export function diffusionCondensation(
  matrix: EmbeddingMatrix,
  grid: { height: number; width: number },
  options: CondensationOptions = {},
  potential?: LandmarkPotential,
): CondensationResult {
  const o = { ...condensationDefaults, ...options };
  assertMatrix(matrix);
  assertGrid(grid, matrix.rows);
  const n = matrix.rows;
  const own = potential && n >= 3 ? potential : condensationPotential(matrix, grid, o);
  if (!('cellOf' in own)) return own;
  const pot: LandmarkPotential = own;
  const sketchSize = Math.min(pot.L, o.maxComponents + 10);
  // Components kept: at most maxComponents, each above minExplainedVariance of the top ones' total.
  const keep = (variances: Float64Array): number => {
    const top = Math.min(o.maxComponents, variances.length);
    let total = 0;
    for (let c = 0; c < top; c++) total += variances[c];
    let kept = 0;
    while (kept < top && variances[kept] > o.minExplainedVariance * total) kept++;
    return Math.max(1, kept);
  };
  const sketch = potentialPca(pot, sketchSize, 0, o.seed + 1, keep);
  const m = sketch.components;
  const coords = sketch.scores;
  // Coarse points: mean potential coordinates of each landmark cell.
  const M = pot.L;
  const points = new Float64Array(M * m);
  const sizes = new Int32Array(M);
  for (let i = 0; i < n; i++) {
    const c = pot.cellOf[i];
    sizes[c]++;
    for (let j = 0; j < m; j++) points[c * m + j] += coords[i * m + j];
  }
  for (let c = 0; c < M; c++) for (let j = 0; j < m; j++) points[c * m + j] /= Math.max(1, sizes[c]);
  const run = condense(points, M, m, {
    bandwidthGrowth: o.bandwidthGrowth,
    mergePercentile: o.mergePercentile,
    mergeOffset: o.mergeOffset,
    granularity: o.granularity,
    decay: condenseDefaults.decay,
  });
  return finish(run.assignments, run.gradient, pot.cellOf, grid, M, m, o);
}

/** The condensation's own potential: L2-normalised rows → PCA → landmark potential (tiny inputs: the finished result). */
function condensationPotential(
  matrix: EmbeddingMatrix,
  grid: { height: number; width: number },
  o: typeof condensationDefaults,
): LandmarkPotential | CondensationResult {
  const { rows: n, dim } = matrix;
  const normalised = new Float32Array(matrix.data.length);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let t = 0; t < dim; t++) {
      const v = matrix.data[i * dim + t];
      s += v * v;
    }
    const inv = s > 0 ? 1 / Math.sqrt(s) : 0;
    for (let t = 0; t < dim; t++) normalised[i * dim + t] = matrix.data[i * dim + t] * inv;
  }
  const { space, dim: spaceDim } = reducedSpace(normalised, n, dim, o.pcaComponents);
  if (n < 3) {
    const pointOf = Int32Array.from({ length: n }, (_, i) => i);
    const run = condense(Float64Array.from(space), n, spaceDim, {});
    return finish(run.assignments, run.gradient, pointOf, grid, n, spaceDim, o);
  }
  return landmarkPotential(space, n, spaceDim, o);
}

function finish(
  assignments: Int32Array[],
  gradient: Float64Array,
  pointOf: Int32Array,
  grid: { height: number; width: number },
  points: number,
  components: number,
  o: { levelSelection: 'ladder' | 'salient'; ladder: readonly number[] },
): CondensationResult {
  const stack: CondensationStack = { height: grid.height, width: grid.width, pointOf, assignments };
  const salientLevels =
    o.levelSelection === 'salient'
      ? selectSalientLevels(gradient)
      : selectLadderLevels(
          assignments.map((a) => distinctCount(a)),
          o.ladder,
        );
  return {
    levels: salientLevels.map((l) => expandLevel(stack, l)),
    salientLevels,
    gradient,
    stack,
    points,
    components,
  };
}

/** The per-pixel label map of one level of a condensation stack. */
export function expandLevel(stack: CondensationStack, level: number): LabelMap {
  const assignment = stack.assignments[level];
  if (!assignment) throw new RangeError(`level ${level} is outside 0..${stack.assignments.length - 1}`);
  const map = createLabelMap(stack.height, stack.width);
  for (let p = 0; p < map.data.length; p++) map.data[p] = assignment[stack.pointOf[p]];
  return map;
}

function distinctCount(values: Int32Array): number {
  return new Set(values).size;
}
