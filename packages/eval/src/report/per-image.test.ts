import { describe, expect, it } from 'vitest';
import type { ImageScore } from '../evaluate.js';
import { labelColour, renderOverlay } from './overlay.js';
import { perImageRows, renderPerImageTable } from './per-image.js';

const score = (image: string, method: string, dice: number, protocol: 'hint' | 'point' = 'hint'): ImageScore =>
  ({
    image,
    method,
    protocol,
    dice,
    iou: 0,
    precision: 0,
    recall: 0,
    hd: 0,
    hd95: 0,
    ssim: 0,
    clusters: 2,
    clusterId: 1,
  }) as ImageScore;

describe('per-image table', () => {
  const rows = [
    score('a', 'kmeans', 0.9),
    score('a', 'spectral_kmeans', 0.7), // mean 0.8
    score('b', 'kmeans', 0.2),
    score('b', 'spectral_kmeans', 0.4), // mean 0.3
    score('c|x', 'kmeans', 0.5), // mean 0.5, no spectral map
    score('a', 'kmeans', 0.0, 'point'),
  ];

  it('sorts worst mean Dice first and keeps the chosen protocol only', () => {
    const t = perImageRows(rows, 'hint');
    expect(t.methods).toEqual(['kmeans', 'spectral_kmeans']);
    expect(t.rows.map((r) => [r.image, Number(r.meanDice.toFixed(6))])).toEqual([
      ['b', 0.3],
      ['c|x', 0.5],
      ['a', 0.8],
    ]);
  });

  it('renders markdown with links to the overlays', () => {
    const md = renderPerImageTable(rows, { overlayLink: (m, i) => `overlays/${m}/${i}.png` });
    const lines = md.split('\n');
    expect(lines[0]).toBe('## Per image (Dice, `hint` protocol), worst first');
    expect(lines.slice(4)).toEqual([
      '| image | mean Dice ↑ | kmeans | spectral_kmeans |',
      '|---|---:|---:|---:|',
      '| b | 0.300 | [0.200](overlays/kmeans/b.png) | [0.400](overlays/spectral_kmeans/b.png) |',
      '| c\\|x | 0.500 | [0.500](overlays/kmeans/c%7Cx.png) | – |',
      '| a | 0.800 | [0.900](overlays/kmeans/a.png) | [0.700](overlays/spectral_kmeans/a.png) |',
    ]);
    expect(renderPerImageTable([])).toBe('');
  });
});

describe('overlay', () => {
  it('blends the region colour over the image and outlines the mask in white', () => {
    // 4×3 grey image of 100, labels: left half 0, right half 1; mask: the 2×1 block at (1..2, 1).
    const image = new Uint8Array(12).fill(100);
    const labels = [0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 1, 1];
    const mask = [0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0];
    const out = renderOverlay({ width: 4, height: 3, image, channels: 1, labels, mask, alpha: 0.5 });
    const c0 = labelColour(0);
    const c1 = labelColour(1);
    expect(Array.from(out.subarray(0, 3))).toEqual(c0.map((c) => Math.round(50 + c / 2)));
    expect(Array.from(out.subarray(9, 12))).toEqual(c1.map((c) => Math.round(50 + c / 2)));
    expect(Array.from(out.subarray(15, 21))).toEqual([255, 255, 255, 255, 255, 255]);
    expect(c0).not.toEqual(c1);
  });

  it('refuses mismatched sizes', () => {
    expect(() =>
      renderOverlay({ width: 2, height: 2, image: new Uint8Array(12), channels: 3, labels: [0, 0, 0] }),
    ).toThrow(RangeError);
  });
});
