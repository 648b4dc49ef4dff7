/**
 * `@cuts/eval/metrics`: the browser-safe part of the package (no Node
 * built-ins): metrics, protocols, per-image evaluation, and the summary
 * schema/aggregation/formatting. The viewer imports this subpath.
 */
export * from './metrics/edt.js';
export * from './metrics/hausdorff.js';
export * from './metrics/multiclass.js';
export * from './metrics/overlap.js';
export * from './metrics/score.js';
export * from './metrics/ssim.js';
export * from './metrics/validate.js';
export * from './protocols/apply.js';
export * from './protocols/select.js';
export * from './evaluate.js';
export * from './report/csv.js';
export * from './report/markdown.js';
export * from './report/summary.js';
export * from './native/edt-nd.js';
export * from './native/score-native.js';
export * from './native/evaluate-native.js';
export * from './report/per-image.js';
export * from './report/overlay.js';
