import { describe, expect, it } from 'vitest';
import type { Summary } from '@cuts/eval';
import { compareControls, renderControls } from './controls-report.js';

const stat = (mean: number) => ({ mean, std: 0 });
const entry = (hint: number, regions: number, point = hint - 0.01) => ({
  hint: { n: 4, dice: stat(hint), hd: stat(10), hd95: stat(8), ssim: stat(0.9), clusters: stat(regions) },
  point: { n: 4, dice: stat(point), hd: stat(10), hd95: stat(8), ssim: stat(0.9), clusters: stat(regions) },
});
function summary(metrics: Summary['metrics']): Summary {
  return {
    dataset: 'x',
    images: 4,
    backend: 'wasm',
    seed: 1,
    timings_s: { train: 0, embed: 0, cluster: 0, eval: 0 },
    metrics,
  };
}

describe('compareControls', () => {
  it('pairs each CUTS map with its raw-pixel twin and skips baselines with too many regions', () => {
    const c = compareControls(
      summary({
        kmeans: entry(0.6, 10),
        pixels_kmeans: entry(0.5, 9),
        spectral_kmeans: entry(0.7, 12),
        pixels_spectral_kmeans: entry(0.72, 12),
        otsu: entry(0.65, 40),
        slic: entry(0.55, 10),
        random: entry(0.9, 2),
      }),
    );
    expect(c.pairs.map((p) => [p.cuts.method, p.pixels.method])).toEqual([
      ['kmeans', 'pixels_kmeans'],
      ['spectral_kmeans', 'pixels_spectral_kmeans'],
    ]);
    expect(c.bestCuts?.method).toBe('spectral_kmeans');
    // otsu has 40 regions per image (> 30) and random is no tool: slic is the best rival
    expect(c.bestClassical?.method).toBe('slic');
  });
});

describe('renderControls', () => {
  it('says Yes when the best CUTS map beats its raw-pixel twin and the best classical tool', () => {
    const md = renderControls(summary({ kmeans: entry(0.8, 10), pixels_kmeans: entry(0.7, 10), otsu: entry(0.6, 2) }));
    expect(md).toContain('| kmeans | 0.800 | 0.700 | +0.100 | 0.790 | 0.690 | 10.0 / 10.0 |');
    expect(md).toContain('Best classical tool (≤ 30 regions per image): **otsu**, `hint` 0.600');
    expect(md).toContain('**Yes**');
  });

  it('says No plainly when raw pixels score as well', () => {
    const md = renderControls(
      summary({ kmeans: entry(0.705, 10), pixels_kmeans: entry(0.7, 10), otsu: entry(0.6, 2) }),
    );
    expect(md).toContain('**No**');
    expect(md).toContain('+0.005 over raw pixels through the same clustering');
  });

  it('says No when a classical tool wins', () => {
    const md = renderControls(summary({ kmeans: entry(0.8, 10), pixels_kmeans: entry(0.6, 10), otsu: entry(0.85, 2) }));
    expect(md).toContain('−0.050 over otsu');
    expect(md).toContain('**No**');
  });

  it('a raw-pixel run is the control itself, and a run without controls gets no section', () => {
    const md = renderControls(summary({ kmeans: entry(0.7, 10), otsu: entry(0.6, 2) }), 'pixels');
    expect(md).toContain('clusters the **raw pixels**');
    expect(md).not.toContain('**Yes**');
    expect(renderControls(summary({ kmeans: entry(0.7, 10) }))).toBe('');
  });
});
