import { describe, expect, it } from 'vitest';
import { CutsInputError, createMask } from '@cuts/core';
import { labelsFromRows, maskFromRows } from '../test-utils/masks.js';
import { applyProtocol } from './apply.js';
import { hintCluster, pointClick } from './select.js';

// Ground truth: a 3×3 block (rows 2–4, cols 3–5) in a 7×9 image.
const gt = maskFromRows(['000000000', '000000000', '000111000', '000111000', '000111000', '000000000', '000000000']);
// Cluster 2 covers 8 of the 9 GT pixels (a ring); cluster 4 is the single centre pixel.
const labels = labelsFromRows([
  '111111111',
  '111111111',
  '111222111',
  '111242111',
  '111222111',
  '111111111',
  '111111111',
]);

describe('protocols', () => {
  it('hint picks the cluster occurring most under the ground truth', () => {
    expect(hintCluster(labels, gt)).toBe(2);
    const r = applyProtocol('hint', labels, gt);
    expect(r.protocol).toBe('hint');
    expect(r.clusterId).toBe(2);
    expect(r.level).toBeUndefined();
    expect(Array.from(r.mask.data)).toEqual(Array.from(labels.data, (v) => (v === 2 ? 1 : 0)));
  });

  it('hint breaks ties toward the smaller id and returns -1 for an empty ground truth', () => {
    const line = maskFromRows(['1111']);
    expect(hintCluster(labelsFromRows(['3355']), line)).toBe(3);
    expect(hintCluster(labelsFromRows(['5533']), line)).toBe(3);
    const r = applyProtocol('hint', labels, createMask(7, 9));
    expect(r.clusterId).toBe(-1);
    expect(r.mask.data.every((v) => v === 0)).toBe(true);
  });

  it('point clicks the ground-truth pixel farthest from the boundary (image border included)', () => {
    expect(pointClick(gt)).toEqual({ y: 3, x: 4 });
    const r = applyProtocol('point', labels, gt);
    expect(r.protocol).toBe('point');
    expect(r.clusterId).toBe(4);
    expect(r.click).toEqual({ y: 3, x: 4 });
    // Touching the image corner: the border counts as boundary, so the click is (1,1), not (0,0).
    expect(pointClick(maskFromRows(['11100', '11100', '11100', '00000']))).toEqual({ y: 1, x: 1 });
    // Ties → first in row-major order.
    expect(pointClick(maskFromRows(['0000', '0110', '0000']))).toEqual({ y: 1, x: 1 });
    expect(pointClick(createMask(3, 3))).toBeUndefined();
  });

  it('direct uses the map as the mask and refuses non-binary maps', () => {
    const map = labelsFromRows([
      '000000000',
      '011000000',
      '011000000',
      '000000000',
      '000000000',
      '000000000',
      '000000000',
    ]);
    const r = applyProtocol('direct', map, gt);
    expect(r.protocol).toBe('direct');
    expect(r.clusterId).toBe(1);
    expect(Array.from(r.mask.data)).toEqual(Array.from(map.data));
    expect(() => applyProtocol('direct', labels, gt)).toThrow(CutsInputError);
  });

  it('oracle keeps the best level per metric and says which', () => {
    const coarse = labelsFromRows(Array(7).fill('000000000')); // whole image: Dice 18/72
    const exact = labelsFromRows([
      '000000000',
      '000000000',
      '000111000',
      '000111000',
      '000111000',
      '000000000',
      '000000000',
    ]);
    const r = applyProtocol('oracle', [coarse, labels, exact], gt);
    expect(r.protocol).toBe('oracle');
    expect(r.level).toBe(2);
    expect(r.clusterId).toBe(1);
    expect(applyProtocol('oracle', [coarse, labels], gt).level).toBe(1); // 16/17 > 0.25
    expect(applyProtocol('oracle', [coarse, exact], gt, { metric: 'hd' }).level).toBe(1); // √13 vs 0
    expect(applyProtocol('oracle', [labels, coarse], gt, { metric: 'recall' }).level).toBe(1); // 8/9 vs 1
    expect(applyProtocol('oracle', [coarse, labels], gt, { metric: 'precision' }).level).toBe(1); // 9/63 vs 1
  });

  it('needs a level for stacks under hint/point/direct, and checks shapes', () => {
    expect(() => applyProtocol('hint', [labels, labels], gt)).toThrow(/needs options.level/);
    expect(applyProtocol('hint', [labels, labels], gt, { level: 1 }).level).toBe(1);
    expect(applyProtocol('hint', [labels], gt).level).toBe(0);
    expect(() => applyProtocol('hint', [labels], gt, { level: 3 })).toThrow(/outside the stack/);
    expect(() => applyProtocol('oracle', [], gt)).toThrow(CutsInputError);
    expect(() => applyProtocol('hint', labelsFromRows(['00', '00']), gt, { context: 'image7' })).toThrow(
      /^image7: shape mismatch/,
    );
    expect(() => applyProtocol('bogus' as never, labels, gt)).toThrow(/unknown protocol/);
    expect(() => applyProtocol('hint', labels, createMask(7, 9, new Uint8Array(63).fill(255)))).toThrow(
      /ground truth must be binary/,
    );
  });
});
