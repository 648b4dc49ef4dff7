/**
 * Backend start-up for training and inference: selects the tfjs backend the
 * config asks for (see @cuts/core `selectBackend`) and, on wasm, registers the
 * convolution gradient kernels it lacks and a faster leading-axes Sum; registers the gradient functions
 * the Node build of tfjs-core does not ship.
 */
import type { BackendName, Reporter } from '@cuts/core';
import { currentBackend, selectBackend, type BackendChoice } from './select.js';
import { tf } from './tf.js';
import { registerTrainingGradients } from './gradients.js';
import { registerWasmGradientKernels } from './wasm-gradients.js';
import { registerWasmFastSum } from './wasm-sum.js';

/**
 * `auto` keeps a backend the caller (e.g. the CLI) already selected; an
 * explicit name switches to it.
 */
export async function prepareBackend(name: BackendName = 'auto', reporter?: Reporter): Promise<BackendChoice> {
  registerTrainingGradients();
  const active = currentBackend();
  const choice = name === 'auto' && active ? active : await selectBackend(name, reporter);
  if (tf.getBackend() === 'wasm' && !(registerWasmGradientKernels() && registerWasmFastSum())) {
    throw new Error('wasm backend is active but its kernels are not registered');
  }
  return choice;
}
