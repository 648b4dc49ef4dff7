/**
 * Checkpoints in the tfjs artifact layout: a directory with `model.json`
 * (a `weightsManifest` in tf.io format plus CUTS metadata) and one binary
 * weights file in `tf.io.encodeWeights`' layout, so `tf.io.decodeWeights`
 * (or any tfjs weights loader) reads it back.
 *
 * Crash safety: the weights go to a new uniquely named file (temp + rename),
 * then `model.json` is replaced atomically (temp + rename) to point at it —
 * that rename is the commit — and only then are stale weights files removed.
 * A process killed at any moment leaves the previous checkpoint loadable.
 */
import { randomBytes } from 'node:crypto';
import { readdir, readFile, unlink } from 'node:fs/promises';
import path from 'node:path';
import { CutsInputError, type ModelConfig, type RngState } from '@cuts/core';
import { tf } from '../backend/tf.js';
import { writeFileAtomic } from '@cuts/data';
import { namedVariables, type CutsModel } from '../model/model.js';
import type { AdamW } from '../optim/adamw.js';

export const CHECKPOINT_FORMAT = 'cuts-checkpoint';
export const CHECKPOINT_VERSION = 1;

/** One epoch of the training log: losses and learning rate. */
export interface HistoryEntry {
  readonly epoch: number;
  readonly trainLoss: number;
  readonly valLoss: number | null;
  readonly lr: number;
}

/** Training state stored with the weights (absent in exported inference-only checkpoints). */
export interface TrainingState {
  /** Epochs completed. */
  readonly epoch: number;
  readonly optimizerStep: number;
  readonly rngState: RngState;
  readonly bestEpoch: number;
  readonly bestLoss: number | null;
  readonly history: readonly HistoryEntry[];
  /** The full configuration the run used (JSON). */
  readonly config: unknown;
  readonly split: { readonly train: readonly string[]; readonly validation: readonly string[] };
}

export interface CheckpointJson {
  readonly format: typeof CHECKPOINT_FORMAT;
  readonly formatVersion: number;
  readonly modelConfig: ModelConfig;
  readonly inChannels: number;
  readonly training?: TrainingState;
  readonly weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
}

/**
 * A checkpoint's contents copied out of the tensors, so it can be written while
 * training goes on (writeCheckpoint): the weights in tf.io.encodeWeights' layout
 * (float32 values concatenated in manifest order) and model.json as text.
 */
export interface CheckpointSnapshot {
  readonly weightsName: string;
  readonly weights: Uint8Array;
  readonly modelJson: string;
}

/** Copies model (+ optimiser and training state) into a snapshot, synchronously. */
export function snapshotCheckpoint(model: CutsModel, optimizer?: AdamW, training?: TrainingState): CheckpointSnapshot {
  const named: { name: string; tensor: tf.Tensor }[] = namedVariables(model).map((v) => ({
    name: v.name,
    tensor: v.variable,
  }));
  if (optimizer) {
    const params = namedVariables(model).filter((v) => v.trainable);
    params.forEach((p, i) => {
      named.push({ name: `optimizer/m/${p.name}`, tensor: optimizer.m[i] });
      named.push({ name: `optimizer/v/${p.name}`, tensor: optimizer.v[i] });
    });
  }
  const specs: tf.io.WeightsManifestEntry[] = [];
  const weights = new Uint8Array(4 * named.reduce((s, { tensor }) => s + tensor.size, 0));
  let offset = 0;
  for (const { name, tensor } of named) {
    if (tensor.dtype !== 'float32') throw new Error(`checkpoint: ${name} is ${tensor.dtype}, expected float32`);
    const values = tensor.dataSync() as Float32Array;
    weights.set(new Uint8Array(values.buffer, values.byteOffset, values.byteLength), offset);
    offset += values.byteLength;
    specs.push({ name, shape: [...tensor.shape], dtype: 'float32' });
  }
  const weightsName = `weights-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}.bin`;
  const json: CheckpointJson = {
    format: CHECKPOINT_FORMAT,
    formatVersion: CHECKPOINT_VERSION,
    modelConfig: model.config,
    inChannels: model.inChannels,
    training: training ? { ...training, optimizerStep: optimizer?.step ?? training.optimizerStep } : undefined,
    weightsManifest: [{ paths: [weightsName], weights: specs }],
  };
  return { weightsName, weights, modelJson: JSON.stringify(json, null, 1) };
}

/** Writes a snapshot to `dir` crash-safely (weights file, then model.json as the commit, then stale files removed). */
export async function writeCheckpoint(dir: string, snapshot: CheckpointSnapshot): Promise<void> {
  await writeFileAtomic(path.join(dir, snapshot.weightsName), snapshot.weights);
  await writeFileAtomic(path.join(dir, 'model.json'), snapshot.modelJson);
  // stale weights and temp files left by an earlier write that was killed
  for (const f of await readdir(dir)) {
    const stale =
      (f.startsWith('weights-') && f.endsWith('.bin') && f !== snapshot.weightsName) ||
      (f.startsWith('.') && f.endsWith('.tmp'));
    if (stale) await unlink(path.join(dir, f)).catch(() => undefined);
  }
}

/** Writes model (+ optimiser and training state) to `dir` crash-safely. */
export async function saveCheckpoint(
  dir: string,
  model: CutsModel,
  optimizer?: AdamW,
  training?: TrainingState,
): Promise<void> {
  await writeCheckpoint(dir, snapshotCheckpoint(model, optimizer, training));
}

/** A checkpoint read from disk: metadata and decoded tensors (the caller owns them). */
export interface LoadedCheckpoint {
  readonly json: CheckpointJson;
  readonly tensors: tf.NamedTensorMap;
}

const DTYPE_BYTES: Record<string, number> = { float32: 4, int32: 4, bool: 1 };

export async function readCheckpoint(dir: string): Promise<LoadedCheckpoint> {
  const jsonPath = path.join(dir, 'model.json');
  let json: CheckpointJson;
  try {
    json = JSON.parse(await readFile(jsonPath, 'utf8')) as CheckpointJson;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new CutsInputError(
      code === 'ENOENT'
        ? 'no checkpoint here (model.json missing)'
        : `unreadable checkpoint (${(err as Error).message})`,
      jsonPath,
      { cause: err },
    );
  }
  if (
    typeof json !== 'object' ||
    json === null ||
    json.format !== CHECKPOINT_FORMAT ||
    json.formatVersion !== CHECKPOINT_VERSION
  ) {
    throw new CutsInputError(
      `not a CUTS checkpoint of format version ${CHECKPOINT_VERSION} (format ${String(json?.format)}, version ${String(json?.formatVersion)})`,
      jsonPath,
    );
  }
  const group = json.weightsManifest?.[0];
  if (
    !group ||
    !Array.isArray(group.paths) ||
    !Array.isArray(group.weights) ||
    group.paths.some((p) => typeof p !== 'string')
  ) {
    throw new CutsInputError('corrupt checkpoint: no weightsManifest with paths and weights', jsonPath);
  }
  const files = group.paths.map((p) => path.join(dir, p));
  const buffers = await Promise.all(
    files.map((f) =>
      readFile(f).catch((err: unknown) => {
        throw new CutsInputError(
          `cannot read checkpoint weights (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`,
          f,
          { cause: err },
        );
      }),
    ),
  );
  const all = Buffer.concat(buffers);
  // A truncated or padded weights file is refused by name rather than decoded into garbage or a RangeError.
  const need = group.weights.reduce(
    (sum, w) => sum + (w.shape ?? []).reduce((a, b) => a * b, 1) * (DTYPE_BYTES[w.dtype] ?? Number.NaN),
    0,
  );
  if (!(need === all.byteLength)) {
    throw new CutsInputError(
      `corrupt checkpoint weights: ${all.byteLength} bytes, the manifest in model.json needs ${need}`,
      files[files.length - 1],
    );
  }
  const tensors = tf.io.decodeWeights(all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength), group.weights);
  return { json, tensors };
}

/** Copies the tensors of a checkpoint into a model (and optimiser), checking every shape. */
export function assignCheckpoint(
  loaded: LoadedCheckpoint,
  model: CutsModel,
  optimizer?: AdamW,
  source = 'checkpoint',
): void {
  const take = (name: string, target: tf.Variable): void => {
    const t = loaded.tensors[name];
    if (!t) throw new CutsInputError(`checkpoint lacks tensor ${name}`, source);
    if (!tf.util.arraysEqual(t.shape, target.shape)) {
      throw new CutsInputError(`tensor ${name} has shape [${t.shape}] but the model needs [${target.shape}]`, source);
    }
    target.assign(t);
  };
  const vars = namedVariables(model);
  for (const v of vars) take(v.name, v.variable);
  if (optimizer) {
    vars
      .filter((v) => v.trainable)
      .forEach((p, i) => {
        take(`optimizer/m/${p.name}`, optimizer.m[i]);
        take(`optimizer/v/${p.name}`, optimizer.v[i]);
      });
    optimizer.step = loaded.json.training?.optimizerStep ?? 0;
  }
}

export function disposeLoaded(loaded: LoadedCheckpoint): void {
  for (const t of Object.values(loaded.tensors)) t.dispose();
}
