/**
 * Gradient functions for the kernels the CUTS model and loss use.
 *
 * The Node build of @tensorflow/tfjs-core (dist/tf-core.node.js, what Node
 * and vitest load) registers no gradients at all: only the ESM sources and the
 * `@tensorflow/tfjs` union package do (`register_all_gradients`). So this file
 * restates, for the kernels we differentiate, the gradient rules of
 * tfjs-core (Apache-2.0) with public ops. A gradient that is already
 * registered (e.g. by @tensorflow/tfjs-node's union package) is left alone,
 * so native backends keep their own.
 */
import { tf } from './tf.js';

type GradFunc = tf.GradConfig['gradFunc'];

/** Sums `res` over the broadcast axes of `shape` (inverse of broadcasting). */
function unbroadcast(res: tf.Tensor, shape: number[], outShape: number[]): tf.Tensor {
  const axes = tf.backend_util.getReductionAxes(shape, outShape);
  return tf.reshape(axes.length > 0 ? tf.sum(res, axes) : res, shape);
}

function binary(
  kernelName: string,
  da: (dy: tf.Tensor, a: tf.Tensor, b: tf.Tensor) => tf.Tensor,
  db: (dy: tf.Tensor, a: tf.Tensor, b: tf.Tensor) => tf.Tensor,
): tf.GradConfig {
  const gradFunc: GradFunc = (dy, saved) => {
    const [a, b] = saved;
    const out = tf.backend_util.assertAndGetBroadcastShape(a.shape, b.shape);
    return {
      a: () => unbroadcast(da(dy as tf.Tensor, a, b), a.shape, out),
      b: () => unbroadcast(db(dy as tf.Tensor, a, b), b.shape, out),
    };
  };
  return { kernelName, inputsToSave: ['a', 'b'], gradFunc };
}

const configs: tf.GradConfig[] = [
  binary(
    'Add',
    (dy) => dy,
    (dy) => dy,
  ),
  binary(
    'Sub',
    (dy) => dy,
    (dy) => tf.neg(dy),
  ),
  binary(
    'Multiply',
    (dy, _a, b) => tf.mul(dy, b),
    (dy, a) => tf.mul(dy, a),
  ),
  binary(
    'RealDiv',
    (dy, _a, b) => tf.div(dy, b),
    (dy, a, b) => tf.neg(tf.div(tf.mul(dy, a), tf.square(b))),
  ),
  {
    kernelName: 'Sum',
    inputsToSave: ['x'],
    gradFunc: (dy, saved, attrs) => {
      const [x] = saved;
      const expanded = x.shape.slice();
      for (const axis of tf.util.parseAxisParam((attrs as { axis: number | number[] }).axis, x.shape))
        expanded[axis] = 1;
      return { x: () => tf.mul(tf.reshape(dy as tf.Tensor, expanded), tf.ones(x.shape)) };
    },
  },
  {
    kernelName: 'Reshape',
    inputsToSave: ['x'],
    gradFunc: (dy, saved) => ({ x: () => tf.reshape(dy as tf.Tensor, saved[0].shape) }),
  },
  {
    kernelName: 'Square',
    inputsToSave: ['x'],
    gradFunc: (dy, saved) => ({ x: () => tf.mul(dy as tf.Tensor, tf.mul(saved[0], 2)) }),
  },
  {
    kernelName: 'Rsqrt',
    inputsToSave: ['x'],
    gradFunc: (dy, saved) => ({ x: () => tf.mul(dy as tf.Tensor, tf.mul(tf.div(tf.rsqrt(saved[0]), saved[0]), -0.5)) }),
  },
  {
    kernelName: 'Exp',
    outputsToSave: [true],
    gradFunc: (dy, saved) => ({ x: () => tf.mul(dy as tf.Tensor, saved[0]) }),
  },
  {
    kernelName: 'Log',
    inputsToSave: ['x'],
    gradFunc: (dy, saved) => ({ x: () => tf.div(dy as tf.Tensor, saved[0]) }),
  },
  {
    kernelName: 'LeakyRelu',
    inputsToSave: ['x'],
    gradFunc: (dy, saved, attrs) => {
      const alpha = (attrs as { alpha: number }).alpha;
      const d = dy as tf.Tensor;
      return { x: () => tf.where(tf.greater(saved[0], 0), d, tf.mul(d, alpha)) };
    },
  },
  {
    kernelName: 'BatchMatMul',
    inputsToSave: ['a', 'b'],
    gradFunc: (dy, saved, attrs) => {
      const [a, b] = saved;
      const d = dy as tf.Tensor;
      const { transposeA, transposeB } = attrs as { transposeA: boolean; transposeB: boolean };
      if (!transposeA && !transposeB)
        return { a: () => tf.matMul(d, b, false, true), b: () => tf.matMul(a, d, true, false) };
      if (!transposeA && transposeB)
        return { a: () => tf.matMul(d, b, false, false), b: () => tf.matMul(d, a, true, false) };
      if (transposeA && !transposeB)
        return { a: () => tf.matMul(b, d, false, true), b: () => tf.matMul(a, d, false, false) };
      return { a: () => tf.matMul(b, d, true, true), b: () => tf.matMul(d, a, true, true) };
    },
  },
  // Slice, Tile and Concat: replicate padding of whole feature maps (full-image training)
  {
    kernelName: 'Slice',
    inputsToSave: ['x'],
    gradFunc: (dy, saved, attrs) => {
      const [x] = saved;
      const { begin, size } = attrs as unknown as { begin: number[]; size: number[] };
      const paddings = x.shape.map(
        (n, i) => [begin[i], n - begin[i] - (size[i] === -1 ? n - begin[i] : size[i])] as [number, number],
      );
      return { x: () => tf.pad(dy as tf.Tensor, paddings) };
    },
  },
  {
    kernelName: 'Tile',
    inputsToSave: ['x'],
    gradFunc: (dy, saved, attrs) => {
      const [x] = saved;
      const reps = (attrs as unknown as { reps: number[] }).reps;
      // dy axis i has reps[i]·n_i entries, copy-major: split it into [reps[i], n_i] and sum the copies
      const split = x.shape.flatMap((n, i) => [reps[i], n]);
      const copyAxes = x.shape.map((_, i) => 2 * i);
      return { x: () => tf.reshape(tf.sum(tf.reshape(dy as tf.Tensor, split), copyAxes), x.shape) };
    },
  },
  {
    kernelName: 'Concat',
    saveAllInputs: true,
    gradFunc: (dy, saved, attrs) => {
      const d = dy as tf.Tensor;
      const axis = tf.util.parseAxisParam((attrs as { axis: number }).axis, saved[0].shape)[0];
      const grads: Record<string, () => tf.Tensor> = {};
      let offset = 0;
      saved.forEach((t, i) => {
        const begin = d.shape.map((_, k) => (k === axis ? offset : 0));
        const size = d.shape.map((n, k) => (k === axis ? t.shape[axis] : n));
        offset += t.shape[axis];
        grads[i] = () => tf.slice(d, begin, size);
      });
      return grads;
    },
  },
  {
    kernelName: 'Conv2D',
    inputsToSave: ['x', 'filter'],
    gradFunc: (dy, saved, attrs) => {
      const [x, filter] = saved;
      const { strides, pad, dataFormat, dimRoundingMode, dilations } = attrs as {
        strides: number | [number, number];
        pad: unknown;
        dataFormat: string;
        dimRoundingMode?: string;
        dilations: number | [number, number];
      };
      if (!tf.backend_util.tupleValuesAreOne(dilations as [number, number])) {
        throw new Error('Conv2D gradient: dilations > 1 are not supported');
      }
      const common = { strides, pad, dataFormat, dimRoundingMode } as unknown as tf.NamedAttrMap;
      return {
        x: () =>
          tf.engine().runKernel('Conv2DBackpropInput', { dy: dy as tf.Tensor, filter }, {
            ...common,
            inputShape: x.shape,
          } as unknown as tf.NamedAttrMap) as tf.Tensor,
        filter: () =>
          tf.engine().runKernel('Conv2DBackpropFilter', { x, dy: dy as tf.Tensor }, {
            ...common,
            filterShape: filter.shape,
          } as unknown as tf.NamedAttrMap) as tf.Tensor,
      };
    },
  },
];

let done = false;

/** Registers the gradient functions above where none is registered yet. */
export function registerTrainingGradients(): void {
  if (done) return;
  done = true;
  for (const config of configs) {
    if (!tf.getGradient(config.kernelName)) tf.registerGradient(config);
  }
}
