import { describe, expect, it } from 'vitest';
import { formatMetricsCsv, parseMetricsCsv } from './index.js';

const rows = [
  {
    image: 'a',
    method: 'kmeans',
    protocol: 'hint' as const,
    dice: 0.123456789012345,
    iou: 0.0657,
    hd: 12.5,
    hd95: 8,
    ssim: 0.7,
    clusters: 10,
  },
  {
    image: 'b, "quoted"',
    method: 'otsu',
    protocol: 'direct' as const,
    dice: 0,
    iou: 0,
    hd: Infinity,
    hd95: Number.NaN,
    ssim: -0.001,
    clusters: 2,
  },
];

describe('metrics.csv', () => {
  it('reads back what @cuts/eval writes, numbers at full precision (NaN, Infinity, quoted names)', () => {
    const text = formatMetricsCsv(rows);
    expect(text.split('\n')[0]).toBe('image,method,protocol,dice,iou,hd,hd95,ssim,clusters');
    expect(parseMetricsCsv(text)).toEqual(rows);
  });

  it('round-trips the native-grid columns', () => {
    const native = [
      { ...rows[0], dice_native: 0.5, hd_native: 14.25, hd95_native: 9.1, units: 'mm' as const },
      rows[1],
    ];
    const parsed = parseMetricsCsv(formatMetricsCsv(native));
    expect(parsed[0].native).toEqual({ dice: 0.5, hd: 14.25, hd95: 9.1, units: 'mm' });
    expect(parsed[1].native!.units).toBe('');
    expect(Number.isNaN(parsed[1].native!.dice)).toBe(true);
  });

  it('turns empty cells and missing optional columns into NaN, ignores unknown columns', () => {
    const [r] = parseMetricsCsv('image,method,protocol,dice,later\nx,kmeans,point,,zzz\n');
    expect(r.image).toBe('x');
    for (const k of ['dice', 'iou', 'hd', 'hd95', 'ssim', 'clusters'] as const)
      expect(Number.isNaN(r[k]), k).toBe(true);
    expect(r.native).toBeUndefined();
  });

  it('names the file, the line and the column of a problem', () => {
    expect(() => parseMetricsCsv('image,method,dice\na,b,1')).toThrow(
      'metrics.csv: missing column "protocol" (have: image, method, dice)',
    );
    expect(() =>
      parseMetricsCsv('image,method,protocol,dice\na,k,hint,0.5\nb,k,hint,high\n', '/r/metrics.csv'),
    ).toThrow('/r/metrics.csv: line 3, column "dice": "high" is not a number');
    expect(() => parseMetricsCsv('image,method,protocol,dice\na,k,guess,0.5\n')).toThrow(
      /line 2, column "protocol": unknown protocol "guess"/,
    );
  });
});
