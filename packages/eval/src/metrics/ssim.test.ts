import { describe, expect, it } from 'vitest';
import { CutsInputError, createMask } from '@cuts/core';
import { referenceMasks } from '../test-utils/masks.js';
import { maskSsim, structuralSimilarity } from './ssim.js';

// Reference numbers: scripts/reference_values.py (numpy + scipy.ndimage.uniform_filter,
// scikit-image's structural_similarity algorithm with its defaults).
describe('SSIM', () => {
  it('matches the independent numpy/scipy implementation on masks', () => {
    expect(maskSsim(referenceMasks.rect, referenceMasks.disk)).toBeCloseTo(0.4165565631117708, 12);
    expect(maskSsim(referenceMasks.patA, referenceMasks.patB)).toBeCloseTo(0.0019148272701156937, 12);
    expect(maskSsim(referenceMasks.sparse, referenceMasks.blob)).toBeCloseTo(0.0005422430549423359, 12);
  });

  it('falls back to data range 1 for a constant ground truth', () => {
    const empty = createMask(16, 20);
    expect(maskSsim(referenceMasks.rect, empty)).toBeCloseTo(1.2006846485067403e-5, 15);
    expect(maskSsim(empty, empty)).toBe(1);
  });

  it('matches on grey images with an explicit data range', () => {
    const x = new Float64Array(24 * 24);
    const y = new Float64Array(24 * 24);
    for (let r = 0; r < 24; r++)
      for (let c = 0; c < 24; c++) {
        x[r * 24 + c] = Math.sin(c / 3) * Math.cos(r / 5);
        y[r * 24 + c] = Math.sin(c / 3.5 + 0.3) * Math.cos(r / 4);
      }
    expect(structuralSimilarity(x, y, 24, 24, { dataRange: 2 })).toBeCloseTo(0.3116239035157066, 12);
  });

  it('is 1 for identical masks and symmetric in its arguments', () => {
    expect(maskSsim(referenceMasks.disk, referenceMasks.disk)).toBeCloseTo(1, 14);
    expect(maskSsim(referenceMasks.disk, referenceMasks.rect)).toBeCloseTo(
      maskSsim(referenceMasks.rect, referenceMasks.disk),
      14,
    );
  });

  it('rejects images smaller than the window and bad windows', () => {
    expect(() => maskSsim(createMask(5, 9), createMask(5, 9))).toThrow(CutsInputError);
    expect(() => structuralSimilarity([0], [0], 1, 1, { windowSize: 4 })).toThrow(/odd integer/);
  });
});
