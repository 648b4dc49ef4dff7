import { describe, expect, it } from 'vitest';
import { squaredDistanceToSitesNd } from './edt-nd.js';
import { scoreNativeMask } from './score-native.js';
import { evaluateVolume, nativeScoresForRow, pointVoxel } from './evaluate-native.js';

/** Brute force: every pair of voxels (independent of the envelope algorithm). */
function bruteD2(sites: Uint8Array, dims: number[], spacing: number[]): Float64Array {
  const [nx, ny, nz] = [dims[0], dims[1], dims[2] ?? 1];
  const coord = (i: number) => [i % nx, Math.floor(i / nx) % ny, Math.floor(i / (nx * ny))];
  const out = new Float64Array(nx * ny * nz).fill(Infinity);
  for (let i = 0; i < out.length; i++) {
    const a = coord(i);
    for (let j = 0; j < out.length; j++) {
      if (!sites[j]) continue;
      const b = coord(j);
      const d =
        (a[0] - b[0]) ** 2 * spacing[0] ** 2 +
        (a[1] - b[1]) ** 2 * spacing[1] ** 2 +
        (a[2] - b[2]) ** 2 * (spacing[2] ?? 1) ** 2;
      if (d < out[i]) out[i] = d;
    }
  }
  return out;
}

describe('squaredDistanceToSitesNd', () => {
  it('equals brute force on random 3D grids with anisotropic spacing', () => {
    let seed = 12345;
    const rng = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (const [dims, spacing] of [
      [
        [7, 5, 4],
        [0.5, 1.25, 3],
      ],
      [
        [9, 6],
        [2, 0.7],
      ],
      [
        [4, 4, 6],
        [1, 1, 1],
      ],
    ] as const) {
      const n = dims.reduce((a, b) => a * b, 1);
      const sites = Uint8Array.from({ length: n }, () => (rng() < 0.08 ? 1 : 0));
      sites[0] = 1;
      const got = squaredDistanceToSitesNd(sites, { dims: [...dims], spacing: [...spacing] });
      const want = bruteD2(sites, [...dims], [...spacing]);
      for (let i = 0; i < n; i++) expect(got[i]).toBeCloseTo(want[i], 9);
    }
  });
});

describe('scoreNativeMask', () => {
  it('gives Hausdorff in millimetres using the voxel spacing', () => {
    // 3 × 1 × 3 grid, spacing (1, 1, 3): voxels (0,0,0) vs (0,0,2) are 6 mm apart.
    const pred = new Uint8Array(9);
    const gt = new Uint8Array(9);
    pred[0] = 1;
    gt[6] = 1;
    const s = scoreNativeMask(pred, gt, { dims: [3, 1, 3], spacing: [1, 1, 3] });
    expect(s).toMatchObject({ hd_native: 6, hd95_native: 6, units: 'mm' });
    expect(s.dice_native).toBeCloseTo(0, 9);
    const px = scoreNativeMask(pred, gt, { dims: [3, 3], spacing: null });
    expect(px).toMatchObject({ hd_native: 2, units: 'px' });
  });

  it('HD95 takes the larger directed 95th percentile (numpy linear)', () => {
    // 1D-like row of 21 voxels at 0.5 mm: gt = voxel 0; pred = voxels 0..20.
    const pred = new Uint8Array(21).fill(1);
    const gt = new Uint8Array(21);
    gt[0] = 1;
    const s = scoreNativeMask(pred, gt, { dims: [21, 1], spacing: [0.5, 1] });
    // distances 0, 0.5, …, 10: 95th percentile at position 19 → 9.5 mm; gt → pred: 0.
    expect(s.hd95_native).toBeCloseTo(9.5, 12);
    expect(s.hd_native).toBe(10);
    expect(s.dice_native).toBeCloseTo(2 / 22, 12);
  });

  it('scores an empty prediction with the physical diagonal', () => {
    const gt = new Uint8Array(8);
    gt[3] = 1;
    const s = scoreNativeMask(new Uint8Array(8), gt, { dims: [2, 2, 2], spacing: [1, 2, 2] });
    expect(s.hd_native).toBeCloseTo(Math.hypot(2, 4, 4), 12);
  });
});

describe('volumes scored as volumes', () => {
  it('picks the hint / point cluster in 3D and scores it on both grids', () => {
    // Native 4×4×3 (spacing 1,1,2): region 5 = a 2×2×2 block, exactly the mask; model grid 2×2×3 with the same ids.
    const dims = [4, 4, 3];
    const labels = new Int32Array(48).fill(1);
    const gt = new Uint8Array(48);
    for (const z of [1, 2])
      for (const y of [1, 2])
        for (const x of [1, 2]) {
          labels[x + 4 * (y + 4 * z)] = 5;
          gt[x + 4 * (y + 4 * z)] = 1;
        }
    const mLabels = new Int32Array(8 * 8 * 3).fill(1);
    const mGt = new Uint8Array(8 * 8 * 3);
    for (const z of [1, 2])
      for (const y of [3, 4])
        for (const x of [3, 4]) {
          mLabels[x + 8 * (y + 8 * z)] = 5;
          mGt[x + 8 * (y + 8 * z)] = 1;
        }
    const rows = evaluateVolume({
      image: 'V',
      method: 'kmeans',
      native: { levels: [labels], gt, grid: { dims, spacing: [1, 1, 2] } },
      model: { levels: [mLabels], gt: mGt, grid: { dims: [8, 8, 3], spacing: null } },
      protocols: ['hint', 'point'],
    });
    for (const r of rows) {
      expect(r).toMatchObject({ image: 'V', clusterId: 5, hd_native: 0, units: 'mm', clusters: 2 });
      expect(r.dice_native).toBeCloseTo(1, 9);
      expect(r.dice).toBeCloseTo(1, 9);
    }
    expect(pointVoxel(gt, { dims, spacing: [1, 1, 2] })).toBe(1 + 4 * (1 + 4 * 1));
  });

  it('2D rows reuse the model-grid cluster on the native map', () => {
    const native = new Int32Array([0, 0, 3, 3, 0, 0, 3, 3]);
    const gt = new Uint8Array([0, 0, 0, 1, 0, 0, 0, 1]);
    const s = nativeScoresForRow({ protocol: 'hint', clusterId: 3 }, [native], gt, { dims: [4, 2], spacing: null });
    expect(s.dice_native).toBeCloseTo(2 / 3, 12);
    expect(s).toMatchObject({ hd_native: 1, units: 'px' });
  });
});

describe('summary and CSV with native columns', async () => {
  const { summarize } = await import('../report/summary.js');
  const { formatMetricsCsv } = await import('../report/csv.js');
  const { renderMarkdownTable } = await import('../report/markdown.js');
  const base = {
    method: 'kmeans',
    protocol: 'hint' as const,
    dice: 0.5,
    iou: 0.3,
    hd: 4,
    hd95: 3,
    ssim: 0.9,
    clusters: 7,
  };
  const rows = [
    { ...base, image: 'a', dice_native: 0.6, hd_native: 10, hd95_native: 8, units: 'mm' as const },
    { ...base, image: 'b', dice_native: 0.8, hd_native: 20, hd95_native: 12, units: 'mm' as const },
  ];
  it('aggregates native figures and says their units', () => {
    const s = summarize(rows, { dataset: 'd', backend: 'cpu', seed: 1 });
    expect(s.metrics.kmeans.hint!.native).toEqual({
      dice: { mean: 0.7, std: expect.closeTo(0.1, 12) },
      hd: { mean: 15, std: 5 },
      hd95: { mean: 10, std: 2 },
      units: 'mm',
    });
    expect(renderMarkdownTable(s)).toMatch(
      /\| kmeans \| hint \| 2 \| 0\.700 ± 0\.100 \| 15\.00 ± 5\.00 \| 10\.00 ± 2\.00 \| mm \|/,
    );
  });
  it('appends dice_native,hd_native,hd95_native,units to the CSV', () => {
    const csv = formatMetricsCsv(rows).split('\n');
    expect(csv[0]).toBe('image,method,protocol,dice,iou,hd,hd95,ssim,clusters,dice_native,hd_native,hd95_native,units');
    expect(csv[1]).toBe('a,kmeans,hint,0.5,0.3,4,3,0.9,7,0.6,10,8,mm');
    expect(formatMetricsCsv([{ ...base, image: 'c' }]).split('\n')[0]).toBe(
      'image,method,protocol,dice,iou,hd,hd95,ssim,clusters',
    );
  });
});
