/** Messages between the main thread and a training/embedding worker thread. */
import type { BackendName, ModelConfig, TrainConfig } from '@cuts/core';
import type { ShardResult } from './sharded-step.js';

export interface InitMessage {
  readonly type: 'init';
  readonly inChannels: number;
  readonly modelConfig: ModelConfig;
  readonly backend: BackendName;
}

/** Every named variable's values (namedVariables order), sent when they changed. */
export interface WeightsMessage {
  readonly type: 'weights';
  readonly values: Float32Array[];
}

export interface StepMessage {
  readonly type: 'step';
  readonly train: TrainConfig;
  readonly batch: {
    readonly windows: Float32Array;
    readonly count: number;
    readonly side: number;
    readonly channels: number;
    readonly images: number;
    readonly rowsPerImage: number;
    readonly groups: Int32Array;
    readonly targets: Float32Array;
  };
}

export interface EmbedMessage {
  readonly type: 'embed';
  readonly image: {
    readonly height: number;
    readonly width: number;
    readonly channels: number;
    readonly data: Float32Array;
  };
  readonly reconstruct: boolean;
}

export type ToWorker = InitMessage | WeightsMessage | StepMessage | EmbedMessage;

/** One shard's losses, gradients and BatchNorm running statistics (see computeShard). */
export interface StepReply extends ShardResult {
  readonly type: 'step';
}

export interface EmbedReply {
  readonly type: 'embed';
  readonly embedding: Float32Array;
  readonly reconstruction?: Float32Array;
}

export type FromWorker =
  | { readonly type: 'ready' }
  | StepReply
  | EmbedReply
  | { readonly type: 'error'; readonly message: string; readonly name: string };
