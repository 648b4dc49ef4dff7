/**
 * Tensor-backend selection at run time.
 *
 * Order for `auto`: tfjs-node-gpu (CUDA) → tfjs-node (native TensorFlow) → wasm
 * (default here; its .wasm binaries load from node_modules, never the network) →
 * pure-JS cpu. `CUTS_BACKEND` (or an explicit name) overrides the order. The
 * chosen backend is announced once per process.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { CutsInputError, backendNameSchema, type BackendName, type Reporter } from '@cuts/core';
import { tf } from './tf.js';

/** The tensor backend `selectBackend` activated, and how it got there. */
export interface BackendChoice {
  /** The name users pass (`wasm`, `cpu`, `tensorflow`, `tensorflow-gpu`). */
  readonly name: Exclude<BackendName, 'auto'>;
  /** The tfjs backend name in use (`wasm`, `cpu`, `tensorflow`). */
  readonly tfBackend: string;
  /** Why this backend was chosen, and what was tried before it. */
  readonly notes: readonly string[];
}

const require = createRequire(import.meta.url);
let current: BackendChoice | undefined;
let autoChoice: BackendChoice | undefined;
let announced = false;

/** Dynamic import of an optional package that may not be installed. */
async function importOptional(specifier: string): Promise<void> {
  await import(/* @vite-ignore */ specifier);
}

async function tryNative(gpu: boolean): Promise<string | null> {
  const pkg = gpu ? '@tensorflow/tfjs-node-gpu' : '@tensorflow/tfjs-node';
  try {
    await importOptional(pkg);
  } catch (err) {
    return `${pkg} not available (${(err as Error).message.split('\n')[0]})`;
  }
  if (!(await tf.setBackend('tensorflow'))) return `${pkg} loaded but its backend failed to start`;
  return null;
}

async function tryWasm(): Promise<string | null> {
  try {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    const entry = require.resolve('@tensorflow/tfjs-backend-wasm');
    // dist/ holds tfjs-backend-wasm*.wasm next to the CommonJS entry.
    const dir = path.dirname(entry) + path.sep;
    wasm.setWasmPaths(dir);
    if (!(await tf.setBackend('wasm'))) return 'wasm backend failed to initialise';
    return null;
  } catch (err) {
    return `wasm backend not available (${(err as Error).message.split('\n')[0]})`;
  }
}

async function tryCpu(): Promise<string | null> {
  await import('@tensorflow/tfjs-backend-cpu');
  return (await tf.setBackend('cpu')) ? null : 'cpu backend failed to initialise';
}

const attempts: Record<Exclude<BackendName, 'auto'>, () => Promise<string | null>> = {
  'tensorflow-gpu': () => tryNative(true),
  tensorflow: () => tryNative(false),
  wasm: tryWasm,
  cpu: tryCpu,
};

/**
 * Picks and activates a tfjs backend. `requested` defaults to `CUTS_BACKEND`
 * or `auto`. An explicit name that fails to load is an input error (no silent
 * fallback); `auto` falls through the order above.
 */
export async function selectBackend(requested?: BackendName, reporter?: Reporter): Promise<BackendChoice> {
  const envValue = process.env.CUTS_BACKEND;
  let want: BackendName = requested ?? 'auto';
  if (want === 'auto' && envValue) {
    const parsed = backendNameSchema.safeParse(envValue);
    if (!parsed.success) {
      throw new CutsInputError(
        `unknown backend "${envValue}" (choose ${backendNameSchema.options.join(', ')})`,
        'CUTS_BACKEND',
      );
    }
    want = parsed.data;
  }
  if (want === 'auto' && autoChoice) {
    await tf.setBackend(autoChoice.tfBackend);
    return (current = autoChoice);
  }
  if (current && want === current.name) return current;

  const order: Exclude<BackendName, 'auto'>[] =
    want === 'auto' ? ['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'] : [want];
  const notes: string[] = [];
  for (const name of order) {
    const failure = await attempts[name]();
    if (failure === null) {
      await tf.ready();
      current = { name, tfBackend: tf.getBackend(), notes };
      if (want === 'auto') autoChoice = current;
      if (!announced) {
        announced = true;
        reporter?.log('info', `tensor backend: ${name}`, { notes });
      }
      return current;
    }
    notes.push(failure);
  }
  throw new CutsInputError(`no tensor backend could be started: ${notes.join('; ')}`, 'backend');
}

/** The active backend, if one was selected. */
export function currentBackend(): BackendChoice | undefined {
  return current;
}
