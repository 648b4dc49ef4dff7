/**
 * `@cuts/core`: the shared ground of every cuts-ts stage: image, mask, label
 * map and embedding types, the config schema and its defaults, the seeded
 * Rng, input errors and progress/log interfaces. No tensors and no Node
 * built-ins are loaded by this entry (tensor-backend selection lives in
 * `@cuts/train`); the same names are exported by `@cuts/core/browser`.
 * Helpers for tests and benchmarks are in `@cuts/core/testing`.
 *
 * @packageDocumentation
 */
export {
  augmentConfigSchema,
  backendNameSchema,
  baselineSchema,
  clusterConfigSchema,
  cutsConfigSchema,
  dataConfigSchema,
  defaultConfig,
  evalConfigSchema,
  mergeConfigInput,
  modelConfigSchema,
  pairingRuleSchema,
  parseConfig,
  protocolSchema,
  samplerConfigSchema,
  trainConfigSchema,
  type AugmentConfig,
  type BackendName,
  type BaselineName,
  type ClusterConfig,
  type CutsConfig,
  type CutsConfigInput,
  type DataConfig,
  type EvalConfig,
  type ModelConfig,
  type PairingRule,
  type PairingRuleInput,
  type Protocol,
  type SamplerConfig,
  type TrainConfig,
} from './config/index.js';
export { CutsInputError, isInputError } from './errors.js';
export {
  createConsoleReporter,
  RecordingReporter,
  silentReporter,
  type LogLevel,
  type ProgressUpdate,
  type Reporter,
  type TextSink,
} from './progress.js';
export { Rng, type RngState } from './rng.js';
export {
  createEmbeddingMatrix,
  createImage,
  createLabelMap,
  createMask,
  type DatasetItem,
  type EmbeddingMatrix,
  type Image,
  type LabelMap,
  type Mask,
  type ResizeInfo,
} from './types.js';
