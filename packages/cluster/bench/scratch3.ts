import { sqDist, dot } from '../src/distance.js';
const n = 16384, d = 128, k = 10;
const x = new Float32Array(n * d).map(() => Math.random());
const c = new Float64Array(k * d).map(() => Math.random());
const c32 = new Float32Array(c);
for (let r = 0; r < 4; r++) {
  let t = performance.now(); let s = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < k; j++) s += sqDist(x, i, c, j, d);
  const a = performance.now() - t; t = performance.now();
  for (let i = 0; i < n; i++) for (let j = 0; j < k; j++) s += sqDist(x, i, c32, j, d);
  const b = performance.now() - t; t = performance.now();
  // blocked: 1 row x 4 centres (f32 centres)
  const out = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    const o = i * d;
    let j = 0;
    for (; j + 4 <= k; j += 4) {
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      const c0 = j * d, c1 = c0 + d, c2 = c1 + d, c3 = c2 + d;
      for (let t2 = 0; t2 < d; t2++) {
        const v = x[o + t2];
        const e0 = v - c32[c0 + t2], e1 = v - c32[c1 + t2], e2 = v - c32[c2 + t2], e3 = v - c32[c3 + t2];
        s0 += e0 * e0; s1 += e1 * e1; s2 += e2 * e2; s3 += e3 * e3;
      }
      out[j] = s0; out[j + 1] = s1; out[j + 2] = s2; out[j + 3] = s3;
    }
    for (; j < k; j++) out[j] = sqDist(x, i, c32, j, d);
    s += out[0];
  }
  const e = performance.now() - t;
  console.log(a.toFixed(1), b.toFixed(1), e.toFixed(1), s > 0);
}
