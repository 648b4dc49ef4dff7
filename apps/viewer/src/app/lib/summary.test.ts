import { describe, expect, it } from 'vitest';
import { lossCurveSvg, niceTicks } from './loss-plot.js';
import type { Summary } from '@cuts/run-folder';
import { formatMeanStd, summaryRows } from './summary.js';
import { orderByClusterCount } from './levels.js';

describe('summary table', () => {
  it('formats mean ± std and lists method × protocol rows', () => {
    expect(formatMeanStd({ mean: 0.67512, std: 0.05 })).toBe('0.675 ± 0.050');
    expect(formatMeanStd(undefined)).toBe('–');
    const rows = summaryRows({
      metrics: {
        kmeans: {
          hint: { n: 3, dice: { mean: 0.5, std: 0.1 }, hd: { mean: 20.456, std: 1 } },
          point: { n: 3, dice: { mean: 0.6, std: 0 } },
        },
        spectral_kmeans: { hint: { n: 3, dice: { mean: 0.7, std: 0.2 } } },
      },
    } as unknown as Summary); // a partial summary: missing statistics print as "–"
    expect(rows.map((r) => [r.method, r.protocol, r.n, r.cells.dice, r.cells.hd])).toEqual([
      ['kmeans', 'hint', 3, '0.500 ± 0.100', '20.46 ± 1.00'],
      ['kmeans', 'point', 3, '0.600 ± 0.000', '–'],
      ['spectral_kmeans', 'hint', 3, '0.700 ± 0.200', '–'],
    ]);
    expect(() => summaryRows({} as never)).toThrow(/metrics/);
  });
});

describe('loss plot', () => {
  it('niceTicks gives round steps inside the range', () => {
    expect(niceTicks(0, 1, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(0.33, 2.4, 4)).toEqual([0.5, 1, 1.5, 2]);
    expect(niceTicks(1, 20, 5)).toEqual([5, 10, 15, 20]);
  });

  it('draws one path per series with one vertex per finite value, extremes at the plot edges', () => {
    const log = [
      { epoch: 1, trainLoss: 2, valLoss: 2.5 },
      { epoch: 2, trainLoss: 1, valLoss: null },
      { epoch: 3, trainLoss: 0.5, valLoss: 1.5 },
    ];
    const svg = lossCurveSvg(log, { width: 300, height: 200 });
    const paths = [...svg.matchAll(/<path class="series (\w+)" d="([^"]+)"/g)].map((m) => [m[1], m[2]]);
    expect(paths.map((p) => p[0])).toEqual(['train', 'val']);
    expect(paths[0][1].split(/[ML]/).filter(Boolean)).toHaveLength(3);
    expect(paths[1][1].split(/[ML]/).filter(Boolean)).toHaveLength(2);
    // first train vertex at the left margin (56), last at width - right margin (284)
    expect(paths[0][1].startsWith('M56.0,')).toBe(true);
    expect(paths[0][1].includes('L284.0,')).toBe(true);
    expect(lossCurveSvg([])).toContain('no finite loss values');
  });
});

describe('level order', () => {
  it('orders levels coarse → fine by cluster count, ties by index', () => {
    const order = orderByClusterCount([
      { level: 0, clusters: 40 },
      { level: 1, clusters: 8 },
      { level: 2, clusters: 8 },
      { level: 5, clusters: 2 },
    ]);
    expect(order.map((l) => l.level)).toEqual([5, 1, 2, 0]);
  });
});
