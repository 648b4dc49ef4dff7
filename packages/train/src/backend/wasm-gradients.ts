/**
 * Gradient kernels the wasm backend of tfjs 4.22 lacks (or runs slowly),
 * written on top of wasm's own fast forward convolution (XNNPACK):
 *
 * - `Conv2DBackpropFilter` (missing): the filter gradient is a convolution of
 *   the input with the output gradient, batch and channel axes swapped:
 *   dW[kh,kw,ci,co] = Σ_n Σ_y Σ_x x[n, y·s+kh−pt, x·s+kw−pl, ci] · dy[n,y,x,co],
 *   i.e. conv2d(xᵀ = [Ci,H,W,N], dyᵀ = [Ho,Wo,N,Co], dilation = stride)
 *   → [Ci,kh,kw,Co], transposed to [kh,kw,Ci,Co].
 * - `Conv2DBackpropInput` (present but a scalar loop, 3–5× slower): for
 *   stride 1, whichever is cheaper by multiply count of (a) a 1×1 convolution
 *   of dy with the filter transposed to [1, 1, Co, kh·kw·Ci] — every output
 *   position's column of input gradients, a GEMM with the forward's multiply
 *   count — added back onto the input positions by `col2im` (no col2im when
 *   dy is 1×1, the last layer on a receptive-field window), and (b) a "full"
 *   convolution of the zero-padded dy with the filter rotated by 180° and its
 *   channel axes transposed. Other strides keep the original kernel.
 *
 * Kernels compose other wasm kernels directly (as the backends themselves
 * do) and free every intermediate. Other backends are left untouched, so
 * tfjs-node and cpu run their own kernels.
 */
import { call, free, type Backend, type KernelFunc, type TensorInfo, type WasmHeap } from './wasm-kernel-call.js';
import { tf } from './tf.js';

interface ConvAttrs {
  strides: number | [number, number];
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  dataFormat: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

let registered = false;
let originalBackpropInput: KernelFunc | undefined;

function conv2DBackpropFilter(args: Parameters<KernelFunc>[0]): TensorInfo {
  const { inputs, attrs } = args;
  const backend = args.backend as Backend;
  const { x, dy } = inputs as { x: TensorInfo; dy: TensorInfo };
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs as unknown as ConvAttrs & {
    filterShape: [number, number, number, number];
  };
  if (dataFormat === 'NCHW') throw new Error('Conv2DBackpropFilter (wasm): NCHW is not supported');
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    filterShape,
    strides,
    1,
    pad,
    dimRoundingMode,
  );
  const {
    strideHeight: sh,
    strideWidth: sw,
    filterHeight: kh,
    filterWidth: kw,
    inHeight,
    inWidth,
    outHeight,
    outWidth,
  } = info;
  const top = info.padInfo.top;
  const left = info.padInfo.left;
  let bottom = kh - 1 - inHeight - top + (outHeight - 1) * sh + 1;
  let right = kw - 1 - inWidth - left + (outWidth - 1) * sw + 1;

  let xT = call('Transpose', backend, { x }, { perm: [3, 1, 2, 0] }); // [Ci, H, W, N]
  if (bottom < 0 || right < 0) {
    const [ci, h, w, n] = xT.shape;
    const cropped = call(
      'Slice',
      backend,
      { x: xT },
      { begin: [0, 0, 0, 0], size: [ci, h + Math.min(bottom, 0), w + Math.min(right, 0), n] },
    );
    free(backend, xT);
    xT = cropped;
    bottom = Math.max(bottom, 0);
    right = Math.max(right, 0);
  }
  const dyT = call('Transpose', backend, { x: dy }, { perm: [1, 2, 0, 3] }); // [Ho, Wo, N, Co]
  const conv = call(
    'Conv2D',
    backend,
    { x: xT, filter: dyT },
    {
      strides: [1, 1],
      pad: [
        [0, 0],
        [top, bottom],
        [left, right],
        [0, 0],
      ],
      dataFormat: 'NHWC',
      dilations: [sh, sw],
      dimRoundingMode: undefined,
    },
  ); // [Ci, kh, kw, Co]
  const dw = call('Transpose', backend, { x: conv }, { perm: [1, 2, 0, 3] });
  free(backend, xT, dyT, conv);
  return dw;
}

function conv2DBackpropInput(args: Parameters<KernelFunc>[0]): TensorInfo {
  const { inputs, attrs } = args;
  const backend = args.backend as Backend;
  const { dy, filter } = inputs as { dy: TensorInfo; filter: TensorInfo };
  const { strides, pad, dataFormat, dimRoundingMode, inputShape } = attrs as unknown as ConvAttrs & {
    inputShape: [number, number, number, number];
  };
  const info = tf.backend_util.computeConv2DInfo(
    inputShape,
    filter.shape as [number, number, number, number],
    strides,
    1,
    pad,
    dimRoundingMode,
  );
  const { strideHeight, strideWidth, filterHeight: kh, filterWidth: kw, padInfo } = info;
  if (dataFormat === 'NCHW' || strideHeight !== 1 || strideWidth !== 1) {
    return originalBackpropInput!(args) as TensorInfo;
  }
  // Stride 1, two ways to the same gradient (the cheaper by multiply count runs):
  // - columns: one 1×1 convolution of dy with the filter transposed to [1, 1, Co, kh·kw·Ci] (a
  //   GEMM with the forward's multiply count) gives each output position's kh·kw·Ci column of
  //   input gradients, which `col2im` adds back onto the input positions (a loop in JavaScript,
  //   one add ≈ COL2IM_ADD_COST GEMM multiply-adds); when dy is 1×1 the columns are the gradient;
  // - full convolution: dy zero-padded by kh−1 / kw−1 convolved with the filter rotated by 180°
  //   and its channel axes swapped (every input position × the whole filter, padding included).
  const [n, dyH, dyW, co] = dy.shape;
  const [, inH, inW, ci] = inputShape;
  const windowOutput = dyH === 1 && dyW === 1 && padInfo.top === 0 && padInfo.left === 0 && inH === kh && inW === kw;
  if (!windowOutput && dyH * dyW * (co + COL2IM_ADD_COST) >= inH * inW * co) {
    const reversed = call('Reverse', backend, { x: filter }, { dims: [0, 1] });
    const rotated = call('Transpose', backend, { x: reversed }, { perm: [0, 1, 3, 2] }); // [kh, kw, Co, Ci]
    const full = call(
      'Conv2D',
      backend,
      { x: dy, filter: rotated },
      {
        strides: [1, 1],
        pad: [
          [0, 0],
          [kh - 1 - padInfo.top, kh - 1 - padInfo.bottom],
          [kw - 1 - padInfo.left, kw - 1 - padInfo.right],
          [0, 0],
        ],
        dataFormat: 'NHWC',
        dilations: [1, 1],
        dimRoundingMode: undefined,
      },
    );
    free(backend, reversed, rotated);
    return full;
  }
  const wT = call('Transpose', backend, { x: filter }, { perm: [3, 0, 1, 2] });
  const w1 = call('Reshape', backend, { x: wT }, { shape: [1, 1, co, kh * kw * ci] });
  const cols = call(
    'Conv2D',
    backend,
    { x: dy, filter: w1 },
    { strides: [1, 1], pad: 'valid', dataFormat: 'NHWC', dilations: [1, 1], dimRoundingMode: undefined },
  ); // [N, Ho, Wo, kh·kw·Ci]
  free(backend, wT, w1);
  if (windowOutput) {
    const dx = call('Reshape', backend, { x: cols }, { shape: [n, kh, kw, ci] });
    free(backend, cols);
    return dx;
  }
  const heap = backend as unknown as WasmHeap;
  const dx = heap.makeOutput([n, inH, inW, ci], 'float32');
  const src = heap.typedArrayFromHeap(cols);
  const dst = heap.typedArrayFromHeap(dx);
  col2im(src, dst, { n, inH, inW, ci, outH: dyH, outW: dyW, kh, kw, top: padInfo.top, left: padInfo.left });
  free(backend, cols);
  return dx;
}

/**
 * Cost of one col2im add in GEMM multiply-adds (≈ 4 ns against ≈ 0.1 ns on the 2-core
 * development VM): with Co = 64 on a 9×9 → 5×5 window layer the columns win 2.4×, with
 * Co = 32 on 13×13 → 9×9 the full convolution is slightly faster.
 */
const COL2IM_ADD_COST = 40;

/**
 * Adds each output position's kh·kw·Ci column of `cols` ([N, outH, outW, kh, kw, Ci]) onto
 * the input positions it was read from (stride 1, padding top/left): `dx` = the
 * input gradient [N, inH, inW, Ci], zeroed first. Exported for its test.
 */
export function col2im(
  cols: Float32Array,
  dx: Float32Array,
  g: {
    n: number;
    inH: number;
    inW: number;
    ci: number;
    outH: number;
    outW: number;
    kh: number;
    kw: number;
    top: number;
    left: number;
  },
): void {
  const { n, inH, inW, ci, outH, outW, kh, kw, top, left } = g;
  dx.fill(0);
  const rowLength = kh * kw * ci;
  let s = 0;
  for (let b = 0; b < n; b++) {
    const image = b * inH;
    for (let oy = 0; oy < outH; oy++) {
      for (let ox = 0; ox < outW; ox++, s += rowLength) {
        for (let a = 0; a < kh; a++) {
          const y = oy + a - top;
          if (y < 0 || y >= inH) continue;
          for (let c = 0; c < kw; c++) {
            const x = ox + c - left;
            if (x < 0 || x >= inW) continue;
            const d = ((image + y) * inW + x) * ci;
            const o = s + (a * kw + c) * ci;
            for (let k = 0; k < ci; k++) dx[d + k] += cols[o + k];
          }
        }
      }
    }
  }
}

/**
 * Registers the convolution gradient kernels for the wasm backend. Returns
 * false (and registers nothing) while @tensorflow/tfjs-backend-wasm is not
 * loaded yet; idempotent once it succeeded.
 */
export function registerWasmGradientKernels(): boolean {
  if (registered) return true;
  const existingInput = tf.getKernel('Conv2DBackpropInput', 'wasm');
  if (!tf.getKernel('Conv2D', 'wasm') || !existingInput) return false;
  registered = true;
  originalBackpropInput = existingInput.kernelFunc;
  tf.unregisterKernel('Conv2DBackpropInput', 'wasm');
  if (tf.getKernel('Conv2DBackpropFilter', 'wasm')) tf.unregisterKernel('Conv2DBackpropFilter', 'wasm');
  tf.registerKernel({
    kernelName: 'Conv2DBackpropFilter',
    backendName: 'wasm',
    kernelFunc: conv2DBackpropFilter as KernelFunc,
  });
  tf.registerKernel({
    kernelName: 'Conv2DBackpropInput',
    backendName: 'wasm',
    kernelFunc: conv2DBackpropInput as KernelFunc,
  });
  return true;
}
