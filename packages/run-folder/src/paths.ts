/**
 * Every path inside a run folder, relative to the folder, with `/` separators
 * (join them onto the folder with `path.join` in Node; split them on `/` for a URL).
 * The one place that knows the layout: the CLI writes these paths, the viewer reads them.
 */
import { CutsInputError } from '@cuts/core/browser';

/** The method name under which the diffusion-condensation levels live (`labels/diffusion_levels/`). */
export const LEVELS_METHOD = 'diffusion_levels';

/** Files with a fixed name (and a schema in this package, except report.md and the native index). */
export const RUN_FILES = {
  /** The folder's format version (`cuts-run.json`, see version.ts). */
  marker: 'cuts-run.json',
  /** The resolved config, seed, backend, data location and versions. */
  config: 'config.json',
  /** What the run has finished, for `--resume`. */
  state: 'state.json',
  /** Mean ± std per method × protocol (schema: `@cuts/eval/metrics`). */
  summary: 'summary.json',
  /** One row per image × method × protocol. */
  metrics: 'metrics.csv',
  /** The human-readable report. */
  report: 'report.md',
  /** The trainer's log: `{ history: [{ epoch, trainLoss, valLoss, lr }], bestEpoch, … }`. */
  trainingLog: 'model/training-log.json',
  /** `{"<image>": [level, …]}`, diffusion levels coarse → fine. */
  levelsIndex: `labels/${LEVELS_METHOD}/index.json`,
  /** One entry per source image or volume on its own grid. */
  nativeIndex: 'native/index.json',
  /** `{"<id>": L}`: levels 0 … L−1 on the native grid, coarse → fine. */
  nativeLevelsIndex: `labels_native/${LEVELS_METHOD}/index.json`,
} as const;

/** Folders cuts writes at the top of a run folder. */
export const RUN_DIRS = {
  /** Checkpoints (`best/`, `last/`) and the training log. */
  model: 'model',
  images: 'images',
  masks: 'masks',
  recon: 'recon',
  labels: 'labels',
  labelsNative: 'labels_native',
  imagesNative: 'images_native',
  masksNative: 'masks_native',
  native: 'native',
  embeddings: 'embeddings',
  overlays: 'overlays',
  /** `cuts segment --queue`: batch file, per-image markers, failures. */
  queue: 'queue',
  /** The generated demo data set (`cuts run` without `--data`). */
  demoData: 'demo-data',
} as const;

/** Every name cuts may write at the top of a run folder (what `--force` removes, and nothing else). */
export const RUN_TOP_LEVEL_ENTRIES: readonly string[] = [
  ...new Set([...Object.values(RUN_FILES).map((f) => f.split('/')[0]), ...Object.values(RUN_DIRS)]),
];

/** Any of these at the top marks a folder as a run (the viewer's test; the CLI resumes only with config.json). */
export const RUN_MARKERS = [RUN_FILES.config, RUN_FILES.summary, RUN_DIRS.labels] as const;

/** Checks that `name` (an image id, method, extension…) is one path segment, so no path leaves its folder. */
function seg(name: string, what: string): string {
  if (name === '' || name === '.' || name === '..' || /[/\\\0]/.test(name)) {
    throw new CutsInputError(`${what} "${name}" cannot be used as a file name in a run folder`, what);
  }
  return name;
}

/** Paths of per-image files. `id` is the image id (file stem), `method` a label-map method folder. */
export const runPaths = {
  /** A checkpoint folder of the trained model. */
  checkpoint: (which: 'best' | 'last') => `${RUN_DIRS.model}/${which}`,
  /** Model-input image as an 8-bit PNG (what the viewer shows). */
  image: (id: string) => `${RUN_DIRS.images}/${seg(id, 'image id')}.png`,
  /** Ground truth at model size, 0/255 PNG. */
  mask: (id: string) => `${RUN_DIRS.masks}/${seg(id, 'image id')}.png`,
  /** The model's reconstruction. */
  recon: (id: string) => `${RUN_DIRS.recon}/${seg(id, 'image id')}.png`,
  /** A label-map method's folder. */
  labelsDir: (method: string) => `${RUN_DIRS.labels}/${seg(method, 'method')}`,
  /** One label map (8- or 16-bit grey PNG). */
  labels: (method: string, id: string) => `${RUN_DIRS.labels}/${seg(method, 'method')}/${seg(id, 'image id')}.png`,
  /** The diffusion levels of one image. */
  levelsDir: (id: string) => `${RUN_DIRS.labels}/${LEVELS_METHOD}/${seg(id, 'image id')}`,
  /** One diffusion level, named by its index in the condensation stack. */
  level: (id: string, level: number) => `${RUN_DIRS.labels}/${LEVELS_METHOD}/${seg(id, 'image id')}/${level}.png`,
  /** A label map on the source grid (`ext` `.png` or `.nii.gz`). */
  nativeLabels: (method: string, id: string, ext: string) =>
    `${RUN_DIRS.labelsNative}/${seg(method, 'method')}/${seg(id + ext, 'image id')}`,
  /** DICOM SEG of a label map (DICOM sources). */
  nativeSeg: (method: string, id: string) =>
    `${RUN_DIRS.labelsNative}/${seg(method, 'method')}/${seg(id, 'image id')}.seg.dcm`,
  /** Native level k = 0 … L−1, coarse → fine. */
  nativeLevel: (id: string, k: number, ext: string) =>
    `${RUN_DIRS.labelsNative}/${LEVELS_METHOD}/${seg(id, 'image id')}/${k}${ext}`,
  /** The source image on its own grid. */
  nativeImage: (id: string, ext: string) => `${RUN_DIRS.imagesNative}/${seg(id + ext, 'image id')}`,
  /** Its ground truth on its own grid. */
  nativeMask: (id: string, ext: string) => `${RUN_DIRS.masksNative}/${seg(id + ext, 'image id')}`,
  /** An embedding, float32 `.npy` of shape [H·W, D]. */
  embedding: (id: string) => `${RUN_DIRS.embeddings}/${seg(id, 'image id')}.npy`,
  /** Overlay PNG linked from report.md. */
  overlay: (method: string, id: string) => `${RUN_DIRS.overlays}/${seg(method, 'method')}/${seg(id, 'image id')}.png`,
} as const;

/** A run-folder path as its segments (for URLs: encode each one). */
export const pathSegments = (relative: string): string[] => relative.split('/');
