/**
 * The CUTS network's parameters (reference §1): four k×k convolutions
 * C→16→32→64→128 (with bias), each followed by BatchNorm (γ, β, running mean
 * and variance) and LeakyReLU; and the patch-reconstruction MLP
 * 128 → C·P² → C·P². Parameters live in tf.Variables; initialisation follows
 * PyTorch's defaults (uniform ±1/√fan_in for weights and biases, γ = 1,
 * β = 0) and draws from the seeded Rng, so it is identical on every backend.
 */
import type { ModelConfig, Rng } from '@cuts/core';
import { tf } from '../backend/tf.js';

/** One convolution layer of the encoder (with its batch-norm parameters). */
export interface ConvBlock {
  /** [k, k, in, out] */
  readonly kernel: tf.Variable;
  readonly bias: tf.Variable;
  readonly gamma: tf.Variable;
  readonly beta: tf.Variable;
  readonly movingMean: tf.Variable;
  readonly movingVariance: tf.Variable;
}

/** The patch-reconstruction head: two dense layers from an embedding to a P × P patch. */
export interface ReconstructionHead {
  /** [D, C·P²] */
  readonly kernel1: tf.Variable;
  readonly bias1: tf.Variable;
  /** [C·P², C·P²] */
  readonly kernel2: tf.Variable;
  readonly bias2: tf.Variable;
}

/** The CUTS model: the convolutional encoder and the reconstruction head (tfjs variables; free with `disposeModel`). */
export interface CutsModel {
  readonly config: ModelConfig;
  /** Input channels C (3 for RGB, 1 for grey/MRI). */
  readonly inChannels: number;
  readonly blocks: readonly ConvBlock[];
  readonly head: ReconstructionHead;
}

export interface NamedVariable {
  readonly name: string;
  readonly variable: tf.Variable;
  readonly trainable: boolean;
}

/** Embedding size (the last convolution's channels). */
export function embeddingDim(config: ModelConfig): number {
  return config.channels[config.channels.length - 1];
}

/** Receptive-field radius: layers × (k − 1)/2 (8 for the reference). */
export function receptiveRadius(config: ModelConfig): number {
  return (config.channels.length * (config.kernelSize - 1)) / 2;
}

function uniform(rng: Rng, shape: number[], bound: number): tf.Tensor {
  const data = new Float32Array(shape.reduce((a, b) => a * b, 1));
  for (let i = 0; i < data.length; i++) data[i] = (rng.next() * 2 - 1) * bound;
  return tf.tensor(data, shape);
}

function variable(init: tf.Tensor, trainable: boolean): tf.Variable {
  const v = tf.variable(init, trainable);
  init.dispose();
  return v;
}

/** A freshly initialised model; every random draw comes from `rng`. */
export function createCutsModel(inChannels: number, config: ModelConfig, rng: Rng): CutsModel {
  if (!Number.isInteger(inChannels) || inChannels < 1)
    throw new RangeError(`inChannels must be a positive integer, got ${inChannels}`);
  const k = config.kernelSize;
  const blocks: ConvBlock[] = [];
  let cin = inChannels;
  for (const cout of config.channels) {
    const bound = 1 / Math.sqrt(cin * k * k);
    blocks.push({
      kernel: variable(uniform(rng, [k, k, cin, cout], bound), true),
      bias: variable(uniform(rng, [cout], bound), true),
      gamma: variable(tf.ones([cout]), true),
      beta: variable(tf.zeros([cout]), true),
      movingMean: variable(tf.zeros([cout]), false),
      movingVariance: variable(tf.ones([cout]), false),
    });
    cin = cout;
  }
  const d = cin;
  const t = inChannels * config.patchSize * config.patchSize;
  const b1 = 1 / Math.sqrt(d);
  const b2 = 1 / Math.sqrt(t);
  const head: ReconstructionHead = {
    kernel1: variable(uniform(rng, [d, t], b1), true),
    bias1: variable(uniform(rng, [t], b1), true),
    kernel2: variable(uniform(rng, [t, t], b2), true),
    bias2: variable(uniform(rng, [t], b2), true),
  };
  return { config, inChannels, blocks, head };
}

/** Every variable with a stable name (used by checkpoints and the optimiser), in a fixed order. */
export function namedVariables(model: CutsModel): NamedVariable[] {
  const out: NamedVariable[] = [];
  model.blocks.forEach((b, i) => {
    out.push({ name: `encoder/conv${i}/kernel`, variable: b.kernel, trainable: true });
    out.push({ name: `encoder/conv${i}/bias`, variable: b.bias, trainable: true });
    out.push({ name: `encoder/bn${i}/gamma`, variable: b.gamma, trainable: true });
    out.push({ name: `encoder/bn${i}/beta`, variable: b.beta, trainable: true });
    out.push({ name: `encoder/bn${i}/moving_mean`, variable: b.movingMean, trainable: false });
    out.push({ name: `encoder/bn${i}/moving_variance`, variable: b.movingVariance, trainable: false });
  });
  const h = model.head;
  out.push({ name: 'head/dense0/kernel', variable: h.kernel1, trainable: true });
  out.push({ name: 'head/dense0/bias', variable: h.bias1, trainable: true });
  out.push({ name: 'head/dense1/kernel', variable: h.kernel2, trainable: true });
  out.push({ name: 'head/dense1/bias', variable: h.bias2, trainable: true });
  return out;
}

/** Number of trainable parameters. */
export function countParameters(model: CutsModel, part: 'encoder' | 'all' = 'all'): number {
  return namedVariables(model)
    .filter((v) => v.trainable && (part === 'all' || v.name.startsWith('encoder/')))
    .reduce((n, v) => n + v.variable.size, 0);
}

/** Frees every tensor of the model. */
export function disposeModel(model: CutsModel): void {
  for (const v of namedVariables(model)) v.variable.dispose();
}
