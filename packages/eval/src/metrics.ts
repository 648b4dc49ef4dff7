/**
 * `@cuts/eval/metrics`: the browser-safe part of the package (no Node
 * built-ins): metrics, protocols, per-image evaluation, and the summary
 * schema/aggregation/formatting. The viewer imports this subpath; a browser
 * bundle of `dice` + `hausdorff` + `parseSummary` stays under 60 kB minified
 * (measured in `bundle-size.test.ts`). Distance-transform internals, input
 * checks and the protocol selection steps are internal.
 *
 * @packageDocumentation
 */

// Metrics on binary masks and label maps
export { dice, DICE_EPSILON, iou, precision, recall, type OverlapScores } from './metrics/overlap.js';
export { hausdorff, hausdorffPercentile, hd95 } from './metrics/hausdorff.js';
export { distanceTransform, type DistanceTransformOptions } from './metrics/edt.js';
export { maskSsim, structuralSimilarity, type SsimOptions } from './metrics/ssim.js';
export { METRIC_DIRECTION, scoreMask, type MaskScores, type MetricName } from './metrics/score.js';
export { multiClassDice, type MultiClassResult } from './metrics/multiclass.js';

// Cluster-to-mask protocols and per-image evaluation
export {
  applyProtocol,
  PROTOCOLS,
  type LabelMaps,
  type ProtocolOptions,
  type ProtocolResult,
} from './protocols/apply.js';
export type { Click } from './protocols/select.js';
export { evaluateImage, evaluateLabelMap, type EvaluateImageArgs, type ImageScore } from './evaluate.js';

// Source grids and volumes
export { scoreNativeMask, type DistanceUnits, type NativeScores } from './native/score-native.js';
export { squaredDistanceToSitesNd, type NativeGrid } from './native/edt-nd.js';
export {
  evaluateVolume,
  nativeScoresForRow,
  type EvaluateVolumeArgs,
  type VolumeLabels,
} from './native/evaluate-native.js';

// summary.json, metrics.csv, markdown and overlays (formatting only; the writers are in `@cuts/eval`)
export {
  isSummary,
  meanStd,
  nativeSummarySchema,
  parseSummary,
  protocolSummarySchema,
  summarize,
  summarySchema,
  type MeanStd,
  type NativeSummary,
  type ProtocolSummary,
  type Summary,
  type SummaryMeta,
  type SummaryRow,
  type Timings,
} from './report/summary.js';
export { formatMetricsCsv, METRICS_CSV_COLUMNS, NATIVE_CSV_COLUMNS } from './report/csv.js';
export { renderMarkdownTable } from './report/markdown.js';
export { perImageRows, renderPerImageTable, type PerImageOptions, type PerImageRow } from './report/per-image.js';
export { labelColour, renderOverlay, type OverlayInput } from './report/overlay.js';
