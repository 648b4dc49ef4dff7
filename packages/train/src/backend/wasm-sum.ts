/**
 * A faster wasm `Sum` for the reduction training runs most: every axis but the
 * last of a float32 tensor (BatchNorm's batch statistics and the gradients of
 * every broadcast bias, scale and mean over [N, H, W, C]). The wasm kernel
 * transposes such an input before reducing it; the C × M by M × 1 product of the
 * transposed rows with a column of ones (wasm's BatchMatMul) gives the same C sums 2.5–4× faster on
 * 128-window batches. Other reductions, dtypes and backends are untouched.
 */
import { tf } from './tf.js';
import { call, free, type Backend, type KernelFunc, type TensorInfo, type WasmHeap } from './wasm-kernel-call.js';

let originalSum: KernelFunc | undefined;

/** True when `axis` (possibly negative, possibly unordered) is exactly 0 … rank−2. */
export function reducesLeadingAxes(axis: number | number[], rank: number): boolean {
  const axes = (Array.isArray(axis) ? axis : [axis]).map((a) => (a < 0 ? a + rank : a));
  if (rank < 2 || axes.length !== rank - 1) return false;
  const sorted = [...axes].sort((a, b) => a - b);
  return sorted.every((a, i) => a === i);
}

function leadingAxesSum(args: Parameters<KernelFunc>[0]): TensorInfo | TensorInfo[] {
  const { x } = args.inputs as { x: TensorInfo };
  const { axis, keepDims } = args.attrs as unknown as { axis: number | number[]; keepDims: boolean };
  if (x.dtype !== 'float32' || !reducesLeadingAxes(axis, x.shape.length)) return originalSum!(args);
  const backend = args.backend as Backend;
  const heap = backend as unknown as WasmHeap;
  const c = x.shape[x.shape.length - 1];
  const m = x.shape.slice(0, -1).reduce((a, b) => a * b, 1);
  const ones = heap.makeOutput([1, m, 1], 'float32');
  heap.typedArrayFromHeap(ones).fill(1);
  const rows = call('Reshape', backend, { x }, { shape: [1, m, c] });
  // rowsᵀ · 1: with the data as the left operand (as weights on the right, XNNPACK would pack it first)
  const product = call('BatchMatMul', backend, { a: rows, b: ones }, { transposeA: true, transposeB: false }); // [1, C, 1]
  const shape = keepDims ? [...x.shape.slice(0, -1).map(() => 1), c] : [c];
  const out = call('Reshape', backend, { x: product }, { shape });
  free(backend, ones, rows, product);
  return out;
}

/** Replaces wasm's Sum with {@link leadingAxesSum}; false while wasm is not loaded; idempotent. */
export function registerWasmFastSum(): boolean {
  if (originalSum) return true;
  const existing = tf.getKernel('Sum', 'wasm');
  if (!existing || !tf.getKernel('BatchMatMul', 'wasm')) return false;
  originalSum = existing.kernelFunc;
  tf.unregisterKernel('Sum', 'wasm');
  tf.registerKernel({ kernelName: 'Sum', backendName: 'wasm', kernelFunc: leadingAxesSum as KernelFunc });
  return true;
}
