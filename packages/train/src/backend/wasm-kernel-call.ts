/**
 * Helpers for kernels written on top of other wasm kernels (wasm-gradients.ts,
 * wasm-sum.ts): call a registered wasm kernel, free intermediates, and reach the
 * backend's own tensor memory.
 */
import { tf } from './tf.js';

export type TensorInfo = tf.TensorInfo;
export type KernelFunc = tf.KernelFunc;
export type Backend = tf.KernelBackend;

/** The wasm backend's own tensor memory (BackendWasm.makeOutput / typedArrayFromHeap). */
export interface WasmHeap {
  makeOutput(shape: number[], dtype: 'float32'): TensorInfo;
  typedArrayFromHeap(info: TensorInfo): Float32Array;
}

/** Runs the wasm kernel `name` directly (as the backends compose their own kernels). */
export function call(
  name: string,
  backend: Backend,
  inputs: Record<string, TensorInfo>,
  attrs: Record<string, unknown>,
): TensorInfo {
  const k = tf.getKernel(name, 'wasm');
  if (!k) throw new Error(`wasm backend has no ${name} kernel`);
  return k.kernelFunc({ inputs, backend, attrs: attrs as tf.NamedAttrMap }) as TensorInfo;
}

/** Frees intermediate tensors a kernel allocated. */
export function free(backend: Backend, ...infos: TensorInfo[]): void {
  for (const t of infos) backend.disposeData(t.dataId);
}
