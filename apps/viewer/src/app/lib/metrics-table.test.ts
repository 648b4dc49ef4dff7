import { describe, expect, it } from 'vitest';
import { parseMetricsCsv } from '@cuts/run-folder';
import { columnKey, diceByImage, diceColumns, sortImages } from './metrics-table.js';

const CSV = `image,method,protocol,dice,iou,hd,hd95,ssim,clusters
a,kmeans,hint,0.5,0.3333,10,8,0.6,4
b,kmeans,hint,0.9,0.8182,3,2,0.9,4
c,kmeans,hint,,,,,,
a,spectral_kmeans,point,0.7,0.5385,5,4,0.8,6
`;

describe('metrics.csv', () => {
  it('parses numbers and turns empty cells into NaN', () => {
    const rows = parseMetricsCsv(CSV);
    expect(rows).toHaveLength(4);
    expect(rows[0]).toEqual({
      image: 'a',
      method: 'kmeans',
      protocol: 'hint',
      dice: 0.5,
      iou: 0.3333,
      hd: 10,
      hd95: 8,
      ssim: 0.6,
      clusters: 4,
    });
    expect(Number.isNaN(rows[2].dice)).toBe(true);
  });

  it('reads the native-grid columns the contract adds after the others (and tolerates more)', () => {
    const rows = parseMetricsCsv(
      'image,method,protocol,dice,iou,hd,hd95,ssim,clusters,dice_native,hd_native,hd95_native,units,later\nV,kmeans,hint,0.6,0.4,20,10,,5,0.55,14.2,9.1,mm,x\n',
    );
    expect(rows[0].dice).toBe(0.6);
    expect(rows[0].native).toEqual({ dice: 0.55, hd: 14.2, hd95: 9.1, units: 'mm' });
  });

  it('names a missing column', () => {
    expect(() => parseMetricsCsv('image,method,dice\na,b,1')).toThrow(/missing column "protocol"/);
  });

  it('pivots to image × (method, protocol) and sorts with missing values last', () => {
    const rows = parseMetricsCsv(CSV);
    expect(diceColumns(rows).map((c) => c.key)).toEqual([
      columnKey('kmeans', 'hint'),
      columnKey('spectral_kmeans', 'point'),
    ]);
    const d = diceByImage(rows);
    const key = columnKey('kmeans', 'hint');
    expect(sortImages(['c', 'b', 'a'], d, key, 'asc')).toEqual(['a', 'b', 'c']);
    expect(sortImages(['c', 'b', 'a'], d, key, 'desc')).toEqual(['b', 'a', 'c']);
    expect(sortImages(['img10', 'img2', 'img1'], d, 'name', 'asc')).toEqual(['img1', 'img2', 'img10']);
    expect(sortImages(['a', 'b', 'c'], d, columnKey('spectral_kmeans', 'point'), 'desc')).toEqual(['a', 'b', 'c']);
  });
});
