import { describe, expect, it } from 'vitest';
import { CutsInputError, Rng, createImage } from '@cuts/core';
import type { Image, LabelMap } from '@cuts/core';
import { felzenszwalb } from './felzenszwalb.js';
import { gaussianKernel } from './gaussian.js';
import { REFERENCE_ROUND_TRIP, toBaselineUint8 } from './input.js';
import type { Uint8Image } from './input.js';
import { kmeansPixels, pixelColours } from './kmeans-pixels.js';
import { gaussianBlur3x3, otsu, otsuThreshold } from './otsu.js';
import { runBaseline } from './run.js';
import { regularGrid, slic } from './slic.js';

function rgb(height: number, width: number, colour: (y: number, x: number) => [number, number, number]): Uint8Image {
  const data = new Uint8Array(height * width * 3);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data.set(colour(y, x), (y * width + x) * 3);
  return { height, width, channels: 3, data };
}

function toModelInput(u: Uint8Image): Image {
  return createImage(
    u.height,
    u.width,
    u.channels,
    Float32Array.from(u.data, (v) => v / 127.5 - 1),
  );
}

/** Every label forms one 4-connected component. */
function allConnected(l: LabelMap): boolean {
  const seen = new Uint8Array(l.data.length);
  const labelsSeen = new Set<number>();
  for (let s = 0; s < l.data.length; s++) {
    if (seen[s]) continue;
    if (labelsSeen.has(l.data[s])) return false;
    labelsSeen.add(l.data[s]);
    const stack = [s];
    seen[s] = 1;
    while (stack.length) {
      const p = stack.pop() as number;
      const y = Math.floor(p / l.width);
      const x = p % l.width;
      for (const [dy, dx] of [
        [0, 1],
        [0, -1],
        [1, 0],
        [-1, 0],
      ]) {
        const yy = y + dy;
        const xx = x + dx;
        const q = yy * l.width + xx;
        if (yy >= 0 && yy < l.height && xx >= 0 && xx < l.width && !seen[q] && l.data[q] === l.data[p]) {
          seen[q] = 1;
          stack.push(q);
        }
      }
    }
  }
  return true;
}

const quadrants = rgb(40, 40, (y, x) =>
  y < 20 ? (x < 20 ? [200, 30, 30] : [30, 200, 30]) : x < 20 ? [30, 30, 200] : [220, 220, 40],
);

describe('baseline input', () => {
  it('reproduces the reference rounding: 95 grey levels lowered by one', () => {
    let lowered = 0;
    for (let v = 0; v < 256; v++) {
      expect(REFERENCE_ROUND_TRIP[v] === v || REFERENCE_ROUND_TRIP[v] === v - 1).toBe(true);
      if (REFERENCE_ROUND_TRIP[v] !== v) lowered++;
    }
    expect(lowered).toBe(95);
    const levels = Uint8Array.from({ length: 256 }, (_, v) => v);
    const img = createImage(
      1,
      256,
      1,
      Float32Array.from(levels, (v) => (v / 255) * 2 - 1),
    );
    expect(Array.from(toBaselineUint8(img, { referenceRounding: false }).data)).toEqual(Array.from(levels));
    expect(Array.from(toBaselineUint8(img).data)).toEqual(Array.from(REFERENCE_ROUND_TRIP));
  });

  it('rejects images it cannot read', () => {
    expect(() => runBaseline('otsu', createImage(2, 2, 2), {})).toThrow(CutsInputError);
    expect(() => runBaseline('otsu', createImage(1, 1, 1, Float32Array.of(NaN)))).toThrow(/NaN/);
    expect(() => runBaseline('watershed' as never, createImage(2, 2, 1))).toThrow(/unknown baseline "watershed"/);
  });
});

describe('otsu', () => {
  it('thresholds a bimodal histogram between the modes (OpenCV keeps the first maximum)', () => {
    const v = new Uint8Array(100);
    v.fill(10, 0, 50).fill(200, 50);
    expect(otsuThreshold(v)).toBe(10);
    const w = Uint8Array.from({ length: 90 }, (_, i) => (i < 30 ? 20 : i < 60 ? 40 : 220));
    expect(otsuThreshold(w)).toBe(40); // {20,40} vs {220} separates better than {20} vs {40,220}
  });

  it('blurs with [1 2 1]/4 and reflect-101 borders, rounding half up', () => {
    // One bright pixel at (0,0) of a 3×3; reflect-101 mirrors index −1 to 1, so the corner is not doubled.
    // Row sums of row 0: [320, 160, 0]; column sums: (0,0) 640, (0,1) 320, (1,0) 320, (1,1) 160; /16 → 40, 20, 20, 10.
    const src = Uint8Array.from([160, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(Array.from(gaussianBlur3x3(src, 3, 3))).toEqual([40, 20, 0, 20, 10, 0, 0, 0, 0]);
  });

  it('separates a dark and a bright half', () => {
    const img = rgb(8, 8, (_, x) => (x < 3 ? [20, 20, 20] : [240, 240, 240]));
    const l = otsu(img);
    expect(new Set(l.data)).toEqual(new Set([0, 1]));
    expect(l.data[0]).toBe(0);
    expect(l.data[7]).toBe(1);
  });
});

describe('slic', () => {
  it("places skimage's regular grid", () => {
    expect(regularGrid([1, 128, 128], 10)).toEqual([
      { start: 0, step: 1 },
      { start: 20, step: 40 },
      { start: 20, step: 40 },
    ]);
    expect(regularGrid([1, 128, 128], 9)).toEqual([
      { start: 0, step: 1 },
      { start: 21, step: 43 },
      { start: 21, step: 43 },
    ]);
    expect(regularGrid([1, 2, 2], 10)).toEqual([
      { start: 0, step: 1 },
      { start: 0, step: 1 },
      { start: 0, step: 1 },
    ]);
  });

  it('yields connected segments that respect strong colour edges', () => {
    const l = slic(quadrants);
    expect(allConnected(l)).toBe(true);
    // every segment lies in one quadrant
    const quadrantOf = new Map<number, number>();
    for (let i = 0; i < l.data.length; i++) {
      const q = (Math.floor(i / 40) < 20 ? 0 : 2) + (i % 40 < 20 ? 0 : 1);
      const prev = quadrantOf.get(l.data[i]);
      expect(prev === undefined || prev === q).toBe(true);
      quadrantOf.set(l.data[i], q);
    }
    expect(new Set(quadrantOf.values()).size).toBe(4);
  });
});

describe('felzenszwalb', () => {
  it('finds the four flat quadrants exactly when not blurred', () => {
    // (σ > 0 would create thin bands of intermediate colour along the edges, which FH keeps as segments.)
    const l = felzenszwalb(quadrants, { scale: 200, sigma: 0, minSize: 10 });
    expect(new Set(l.data).size).toBe(4);
    expect(allConnected(l)).toBe(true);
  });

  it('honours min_size on noise', () => {
    const rng = new Rng(3);
    const noise = rgb(30, 30, () => [rng.int(0, 256), rng.int(0, 256), rng.int(0, 256)]);
    const l = felzenszwalb(noise, { scale: 1, sigma: 0.8, minSize: 10 });
    const sizes = new Map<number, number>();
    for (const v of l.data) sizes.set(v, (sizes.get(v) ?? 0) + 1);
    expect(sizes.size).toBeGreaterThan(5);
    expect(Math.min(...sizes.values())).toBeGreaterThanOrEqual(10);
  });

  it("uses scipy's normalised Gaussian kernel (radius ⌊4σ + 0.5⌋)", () => {
    const w = gaussianKernel(1);
    expect(w).toHaveLength(5);
    const total = 1 + 2 * (Math.exp(-0.5) + Math.exp(-2) + Math.exp(-4.5) + Math.exp(-8));
    expect(w[0]).toBeCloseTo(1 / total, 15);
    expect(w[1]).toBeCloseTo(Math.exp(-0.5) / total, 15);
    expect(gaussianKernel(0.8)).toHaveLength(4);
  });
});

describe('pixel k-means', () => {
  it('recovers distinct colours and is deterministic under a seed', () => {
    const img = rgb(12, 12, (y, x) => (y < 4 ? [250, 0, 0] : x < 6 ? [0, 250, 0] : [0, 0, 250]));
    const a = kmeansPixels(img, { k: 3, seed: 5 });
    expect(new Set(a.data).size).toBe(3);
    expect(a.data[0]).not.toBe(a.data[12 * 5]);
    expect(a.data[12 * 5]).not.toBe(a.data[12 * 5 + 8]);
    expect(Array.from(kmeansPixels(img, { k: 3, seed: 5 }).data)).toEqual(Array.from(a.data));
    // more clusters than colours: one cluster per colour
    expect(new Set(kmeansPixels(img, { k: 10 }).data).size).toBe(3);
  });

  it('lists the distinct colours in first-appearance order with their pixel counts (alpha dropped)', () => {
    const rgba: Uint8Image = {
      height: 1,
      width: 4,
      channels: 4,
      data: Uint8Array.from([9, 8, 7, 1, 0, 0, 255, 2, 9, 8, 7, 3, 9, 8, 7, 4]),
    };
    const c = pixelColours(rgba);
    expect(c.features.dim).toBe(3);
    expect(Array.from(c.features.data)).toEqual([9 / 255, 8 / 255, 7 / 255, 0, 0, 1]);
    expect(Array.from(c.counts)).toEqual([3, 1]);
    expect(Array.from(c.pixelToRow)).toEqual([0, 1, 0, 0]);
    const grey = pixelColours({ height: 2, width: 2, channels: 1, data: Uint8Array.from([51, 0, 51, 51]) });
    expect(grey.features.dim).toBe(1);
    expect(Array.from(grey.features.data)).toEqual([0.2, 0]);
    expect(Array.from(grey.counts)).toEqual([3, 1]);
  });

  it('weighs every colour by its pixel count (k-means on the pixels, not on the palette)', () => {
    // 100 black pixels and one each of grey 80, 120, 200. On every pixel the best 2 clusters are
    // {0} | {80, 120, 200} (inertia 7467 vs 9535, in 1/255² units); on the 4 distinct values
    // alone they would be {0, 80} | {120, 200} (6400 vs 7467).
    const data = new Uint8Array(103);
    data.set([80, 120, 200], 100);
    const l = kmeansPixels({ height: 1, width: 103, channels: 1, data }, { k: 2, seed: 3 });
    expect(l.data[100]).not.toBe(l.data[0]);
    expect(l.data[101]).toBe(l.data[100]);
    expect(l.data[102]).toBe(l.data[100]);
    expect(new Set(l.data.subarray(0, 100)).size).toBe(1);
  });

  it('runBaseline passes the seed through (random too)', () => {
    const input = toModelInput(quadrants);
    expect(Array.from(runBaseline('random', input, { seed: 4 }).data)).toEqual(
      Array.from(runBaseline('random', input, { seed: 4 }).data),
    );
    expect(Array.from(runBaseline('random', input, { seed: 4 }).data)).not.toEqual(
      Array.from(runBaseline('random', input, { seed: 5 }).data),
    );
    const r = runBaseline('random', input);
    const ones = r.data.reduce((a, b) => a + b, 0);
    expect(ones / r.data.length).toBeGreaterThan(0.45);
    expect(ones / r.data.length).toBeLessThan(0.55);
  });
});

describe('baseline options from the config', () => {
  it('maps every eval.* baseline key and the seed', async () => {
    const { defaultConfig, parseConfig } = await import('@cuts/core');
    const { baselineOptionsFromConfig } = await import('./run.js');
    const o = baselineOptionsFromConfig(defaultConfig.eval, 7);
    expect(o).toEqual({
      seed: 7,
      referenceRounding: true,
      slic: { nSegments: 10, compactness: 10, maxIterations: 10 },
      felzenszwalb: { scale: 200, sigma: 1, minSize: 10 },
      kmeansPixels: { k: 10, restarts: 10 },
      random: { classes: 2 },
    });
    const custom = parseConfig({ eval: { felzenszwalb: { scale: 1, sigma: 0.8 } } }).eval;
    const l = runBaseline('felzenszwalb', toModelInput(quadrants), baselineOptionsFromConfig(custom, 0));
    expect(allConnected(l)).toBe(true);
    expect(() => parseConfig({ eval: { slic: { nSegments: 0 } } })).toThrow(/eval.slic.nSegments/);
  });
});
