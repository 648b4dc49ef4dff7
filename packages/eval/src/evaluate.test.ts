import { describe, expect, it } from 'vitest';
import { evaluateImage } from './evaluate.js';
import { scoreMask } from './metrics/score.js';
import { dice } from './metrics/overlap.js';
import { hausdorff, hd95 } from './metrics/hausdorff.js';
import { maskSsim } from './metrics/ssim.js';
import { clusterMask } from './protocols/select.js';
import { labelsFromRows, maskFromRows } from './test-utils/masks.js';

const gt = maskFromRows(['000000000', '000000000', '000111000', '000111000', '000111000', '000000000', '000000000']);
const ring = labelsFromRows([
  '111111111',
  '111111111',
  '111222111',
  '111242111',
  '111222111',
  '111111111',
  '111111111',
]);
const shifted = labelsFromRows([
  '000000000',
  '000000000',
  '000011100',
  '000011100',
  '000011100',
  '000000000',
  '000000000',
]);
const coarse = labelsFromRows(Array(7).fill('000000000'));

describe('evaluateImage', () => {
  it('scores each protocol and records it, consistent with the single metrics', () => {
    const rows = evaluateImage({ image: 'img1', method: 'kmeans', labelMaps: ring, gt, protocols: ['hint', 'point'] });
    expect(rows.map((r) => r.protocol)).toEqual(['hint', 'point']);
    const hintMask = clusterMask(ring, 2);
    expect(rows[0]).toMatchObject({ image: 'img1', method: 'kmeans', clusters: 3, clusterId: 2 });
    expect(rows[0].dice).toBeCloseTo(dice(hintMask, gt), 14);
    expect(rows[0].hd).toBe(hausdorff(hintMask, gt));
    expect(rows[0].hd95).toBe(hd95(hintMask, gt));
    expect(rows[0].ssim).toBeCloseTo(maskSsim(hintMask, gt), 14);
    expect(rows[1].clusterId).toBe(4);
    expect(rows[1].dice).toBeCloseTo(2 / 10, 12);
  });

  it('the oracle picks a level per metric', () => {
    const [row] = evaluateImage({
      image: 'i',
      method: 'diffusion_best',
      labelMaps: [coarse, ring, shifted],
      gt,
      protocols: ['oracle'],
    });
    const per = [coarse, ring, shifted].map((l, i) => scoreMask(clusterMask(l, [0, 2, 1][i]), gt));
    // Dice: ring 16/17 is best; recall: coarse (whole image) is 1.
    expect(row.level).toBe(1);
    expect(row.oracleLevels?.dice).toBe(1);
    expect(row.oracleLevels?.recall).toBe(0);
    expect(row.dice).toBeCloseTo(per[1].dice, 14);
    expect(row.recall).toBeCloseTo(1, 12);
    expect(row.hd).toBe(Math.min(...per.map((p) => p.hd)));
    expect(row.clusters).toBe(3);
  });

  it('reads one level of a stack for hint when asked', () => {
    const [row] = evaluateImage({
      image: 'i',
      method: 'm',
      labelMaps: [coarse, shifted],
      gt,
      protocols: ['hint'],
      level: 1,
    });
    expect(row.level).toBe(1);
    expect(row.dice).toBeCloseTo((2 * 6) / 18, 12);
  });
});
