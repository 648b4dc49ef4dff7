/**
 * `@cuts/run-folder`: the run-folder contract (browser-safe). Paths, file schemas,
 * parsers and formatters, and the folder's format version. Node-side reading: `@cuts/run-folder/node`.
 */
export {
  LEVELS_METHOD,
  RUN_DIRS,
  RUN_FILES,
  RUN_MARKERS,
  RUN_TOP_LEVEL_ENTRIES,
  pathSegments,
  runPaths,
} from './paths.js';
export { RUN_FOLDER_SCHEMA_VERSION, parseRunMarker, runMarker, runMarkerSchema, type RunMarker } from './version.js';
export { formatRunConfigFile, parseRunConfigFile, runConfigProblem, type RunConfigFile } from './config-file.js';
export {
  STAGE_NAMES,
  emptyRunState,
  formatRunState,
  parseRunState,
  runStateSchema,
  type RunState,
  type StageName,
} from './state.js';
export {
  parseTrainingLog,
  trainingLogEntrySchema,
  trainingLogSchema,
  type TrainingLog,
  type TrainingLogEntry,
} from './training-log.js';
export {
  METRICS_CSV_COLUMNS,
  NATIVE_CSV_COLUMNS,
  formatMetricsCsv,
  parseMetricsCsv,
  type MetricsCsvRow,
} from './metrics-csv.js';
export {
  formatLevelsIndex,
  formatNativeLevelsIndex,
  parseLevelsIndex,
  parseNativeLevelsIndex,
  type LevelsIndex,
  type NativeLevelsIndex,
} from './levels-index.js';
export { formatSummary, parseSummary, type MeanStd, type ProtocolSummary, type Summary } from './summary.js';
