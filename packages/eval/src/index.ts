/**
 * `@cuts/eval`: scores segmentations against expert masks (Node): everything
 * `@cuts/eval/metrics` exports, the report writers (`metrics.csv`,
 * `summary.json`, markdown; atomic), and the classical baselines.
 *
 * @packageDocumentation
 */
export {
  applyProtocol,
  type Click,
  dice,
  DICE_EPSILON,
  distanceTransform,
  type DistanceTransformOptions,
  type DistanceUnits,
  evaluateImage,
  type EvaluateImageArgs,
  evaluateLabelMap,
  evaluateVolume,
  type EvaluateVolumeArgs,
  formatMetricsCsv,
  hausdorff,
  hausdorffPercentile,
  hd95,
  type ImageScore,
  iou,
  isSummary,
  labelColour,
  type LabelMaps,
  type MaskScores,
  maskSsim,
  meanStd,
  type MeanStd,
  METRIC_DIRECTION,
  type MetricName,
  METRICS_CSV_COLUMNS,
  multiClassDice,
  type MultiClassResult,
  NATIVE_CSV_COLUMNS,
  type NativeGrid,
  type NativeScores,
  nativeScoresForRow,
  type NativeSummary,
  nativeSummarySchema,
  type OverlapScores,
  type OverlayInput,
  parseSummary,
  type PerImageOptions,
  type PerImageRow,
  perImageRows,
  precision,
  type ProtocolOptions,
  type ProtocolResult,
  PROTOCOLS,
  type ProtocolSummary,
  protocolSummarySchema,
  recall,
  renderMarkdownTable,
  renderOverlay,
  renderPerImageTable,
  scoreMask,
  scoreNativeMask,
  squaredDistanceToSitesNd,
  type SsimOptions,
  structuralSimilarity,
  summarize,
  type Summary,
  type SummaryMeta,
  type SummaryRow,
  summarySchema,
  type Timings,
  type VolumeLabels,
} from './metrics.js';
export { readSummaryJson, writeMarkdownTable, writeMetricsCsv, writeSummaryJson } from './report/write.js';
export * from './baselines/felzenszwalb.js';
export * from './baselines/input.js';
export * from './baselines/kmeans-pixels.js';
export * from './baselines/otsu.js';
export * from './baselines/random.js';
export * from './baselines/run.js';
export * from './baselines/slic.js';
