import { describe, expect, it } from 'vitest';
import { renderSuiteVerdict, suiteVerdict, type SuiteSetResult } from './suite-verdict.js';

const row = (hint: number, regions: number) => ({ hint, regions });

/** Four sets shaped like the 3-seed suite of 2026-12-02 (docs/results.md). */
const sets: Record<string, SuiteSetResult> = {
  retina: {
    table: {
      kmeans: row(0.787, 11.2),
      spectral_kmeans: row(0.802, 13.2),
      pixels_kmeans: row(0.78, 11),
      pixels_spectral_kmeans: row(0.789, 13.3),
    },
    classical_best: { method: 'kmeans_pixels', dice: 0.657 },
  },
  brain: {
    table: {
      kmeans: row(0.604, 10.5),
      spectral_kmeans: row(0.794, 16.3),
      pixels_kmeans: row(0.645, 11),
      pixels_spectral_kmeans: row(0.711, 9.5),
    },
    classical_best: { method: 'felzenszwalb', dice: 0.664 },
  },
  isbi: {
    table: {
      kmeans: row(0.225, 16.4),
      spectral_classes: row(0.605, 3.3),
      pixels_spectral_classes: row(0.355, 7.9),
      // one region per image: the whole image, no segmentation — never the raw best
      pixels_diffusion_persistent: row(0.359, 1),
    },
    classical_best: { method: 'otsu', dice: 0.601 },
  },
  hc18: {
    table: {
      kmeans: row(0.539, 9.9),
      pixels_spectral_kmeans: row(0.548, 8.2),
      pixels_kmeans: { hint: null, regions: null },
    },
    classical_best: { method: 'slic', dice: 0.572 },
  },
};

describe('suiteVerdict', () => {
  const v = suiteVerdict(sets);

  it("wins need a higher Dice within 1.5× the raw map's regions", () => {
    expect(v.sets.retina).toMatchObject({
      cuts: { map: 'spectral_kmeans', dice: 0.802 },
      raw: { map: 'pixels_spectral_kmeans', dice: 0.789 },
      beatsRaw: true,
    });
    expect(v.sets.retina.delta).toBeCloseTo(0.013, 10);
    // brain: +0.083 but 16.3 / 9.5 = 1.72× the regions
    expect(v.sets.brain.delta).toBeCloseTo(0.083, 10);
    expect(v.sets.brain.regionRatio).toBeCloseTo(16.3 / 9.5, 10);
    expect(v.sets.brain.beatsRaw).toBe(false);
    expect(suiteVerdict({ brain: sets.brain }, { maxRegionRatio: 2 }).sets.brain.beatsRaw).toBe(true);
    expect(v.sets.hc18).toMatchObject({ beatsRaw: false, beatsClassical: false });
    expect(v.sets.hc18.delta).toBeCloseTo(-0.009, 10);
  });

  it('a one-region raw map is not a segmentation and never the raw best', () => {
    expect(v.sets.isbi.raw).toEqual({ map: 'pixels_spectral_classes', dice: 0.355, regions: 7.9 });
    expect(v.sets.isbi.beatsRaw).toBe(true);
    expect(v.sets.isbi.beatsClassical).toBe(true);
  });

  it('totals: wins, mean Δ over the sets, classical wins', () => {
    expect([v.wins, v.classicalWins, v.total]).toEqual([2, 3, 4]);
    expect(v.meanDelta).toBeCloseTo((0.013 + 0.083 + 0.25 - 0.009) / 4, 10);
    const text = renderSuiteVerdict(v);
    expect(text).toContain(
      '| brain | spectral_kmeans 0.794 / 16.3 | pixels_spectral_kmeans 0.711 / 9.5 | 0.083 | 1.72 | no | yes |',
    );
    expect(text).toContain('Beats raw pixels on 2 of 4 sets; mean Δ 0.084; ≥ the best classical tool on 3 of 4.');
  });
});
