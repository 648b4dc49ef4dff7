/**
 * `@cuts/core/browser`: the browser-safe part of @cuts/core (no Node
 * built-ins, no tensors): types, the config schema, errors, the seeded Rng and
 * the progress interfaces. Code that also runs in the viewer imports this
 * subpath; it exports exactly what the main entry exports.
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
