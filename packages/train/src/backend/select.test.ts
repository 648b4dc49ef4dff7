import { describe, expect, it } from 'vitest';
import { selectBackend } from './select.js';
import { tf } from './tf.js';

describe('selectBackend', () => {
  it('starts the wasm backend from node_modules and computes with it', async () => {
    const choice = await selectBackend('wasm');
    expect(choice.name).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    const y = tf.tidy(() =>
      tf.matMul(
        tf.tensor2d([
          [1, 2],
          [3, 4],
        ]),
        tf.tensor2d([[5], [6]]),
      ),
    );
    expect(Array.from(await y.data())).toEqual([17, 39]);
    y.dispose();
  });

  it('switches to the pure-JS cpu backend when asked', async () => {
    const choice = await selectBackend('cpu');
    expect(choice.name).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
  });

  it('auto falls through missing native backends to wasm and records why', async () => {
    const saved = process.env.CUTS_BACKEND;
    delete process.env.CUTS_BACKEND;
    try {
      const choice = await selectBackend('auto');
      // On this machine tfjs-node(-gpu) are not installed.
      expect(['wasm', 'tensorflow', 'tensorflow-gpu']).toContain(choice.name);
      if (choice.name === 'wasm') expect(choice.notes.join(' ')).toMatch(/tfjs-node/);
    } finally {
      if (saved !== undefined) process.env.CUTS_BACKEND = saved;
    }
  });

  it('rejects an unknown CUTS_BACKEND value with a clear message', async () => {
    const saved = process.env.CUTS_BACKEND;
    process.env.CUTS_BACKEND = 'quantum';
    try {
      await expect(selectBackend()).rejects.toThrow(/CUTS_BACKEND: unknown backend "quantum"/);
    } finally {
      if (saved === undefined) delete process.env.CUTS_BACKEND;
      else process.env.CUTS_BACKEND = saved;
    }
  });
});
