/** Messages between the main thread and a training/embedding worker thread. */
import type { BackendName, ModelConfig, TrainConfig } from '@cuts/core';
import type { WindowBatch } from '@cuts/data';
import type { StepLosses } from '../step.js';
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
  readonly batch: WindowBatch;
}

/** Validation losses of one shard with the weights last sent (inference mode). */
export interface EvaluateMessage {
  readonly type: 'evaluate';
  readonly train: TrainConfig;
  readonly batch: WindowBatch;
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

export type ToWorker = InitMessage | WeightsMessage | StepMessage | EvaluateMessage | EmbedMessage;

/** One shard's losses, gradients and BatchNorm running statistics (see computeShard). */
export interface StepReply extends ShardResult {
  readonly type: 'step';
}

export interface EmbedReply {
  readonly type: 'embed';
  readonly embedding: Float32Array;
  readonly reconstruction?: Float32Array;
}

export interface EvaluateReply extends StepLosses {
  readonly type: 'evaluate';
}

export type FromWorker =
  | { readonly type: 'ready' }
  | StepReply
  | EvaluateReply
  | EmbedReply
  | { readonly type: 'error'; readonly message: string; readonly name: string };
