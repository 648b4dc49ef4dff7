import { selectBackend, tf } from '@cuts/core';
await selectBackend('wasm');
const n = 16384, d = 128;
const x = tf.randomNormal([n, d]);
for (const k of [10, 256, 1024]) {
  const c = tf.randomNormal([k, d]);
  for (let r = 0; r < 3; r++) {
    const t = performance.now();
    const y = tf.matMul(x, c, false, true);
    const v = y.dataSync();
    console.log(k, (performance.now() - t).toFixed(1), 'ms', v.length, (2 * n * k * d / ((performance.now() - t) * 1e6)).toFixed(1), 'GFLOP/s');
    y.dispose();
  }
}
