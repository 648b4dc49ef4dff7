import { cp, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { makeTempDir } from '../test-utils/tmp.js';
import { pythonJson } from '../test-utils/python.js';
import { writeNiftiVolume } from '../volume/nifti-volume-write.js';
import { readNiftiVolume } from '../volume/nifti-volume-read.js';
import { findDicomSeries, readDicomSeries } from './dicom-series.js';

const SERIES = path.resolve(__dirname, '../../../../../shared/data/lgg_volumes/dicom/TCGA_CS_4943_20000902');
const NIFTI = path.resolve(SERIES, '../../TCGA_CS_4943_20000902.nii.gz');

/** For every voxel of A: the voxel of B at the same world position must exist and hold the same value. */
const SAME_WORLD = `
import json, sys, numpy as np, nibabel as nib
a = nib.load(sys.argv[1]); b = nib.load(sys.argv[2])
da = np.asarray(a.dataobj).astype(float); db = np.asarray(b.dataobj).astype(float).reshape(b.shape[:3])
ijk = np.indices(da.shape).reshape(3, -1)
world = a.affine[:3, :3] @ ijk + a.affine[:3, 3:4]
inv = np.linalg.inv(b.affine)
ijk_b = inv[:3, :3] @ world + inv[:3, 3:4]
r = np.rint(ijk_b)
print(json.dumps({"maxFrac": float(np.abs(ijk_b - r).max()), "inside": bool(((r >= 0) & (r < np.array(db.shape)[:, None])).all()),
  "mismatch": int((da.reshape(-1, order="C") != 0).sum()) if False else int((da[tuple(ijk)] != db[tuple(r.astype(int))]).sum()),
  "shapeA": list(da.shape), "shapeB": list(db.shape)}))
`;

describe('readDicomSeries', () => {
  it('matches dcm2niix and the source NIfTI voxel for voxel at the same world coordinates', async () => {
    const { dir, cleanup } = await makeTempDir();
    try {
      const [series] = await findDicomSeries(path.dirname(SERIES));
      expect(series.files).toHaveLength(20);
      const v = await readDicomSeries(series.files);
      expect([...v.dims]).toEqual([256, 256, 20]);
      expect([...v.spacing]).toEqual([1, 1, 3]);
      const ours = path.join(dir, 'ours.nii.gz');
      await writeNiftiVolume(ours, { dims: v.dims, data: v.data, geometry: v.geometry, description: 'dicom' });
      execFileSync('dcm2niix', ['-z', 'y', '-f', 'ref', '-o', dir, SERIES], { stdio: 'ignore' });
      const ref = (await readdir(dir)).find((f) => f.startsWith('ref') && f.endsWith('.nii.gz'))!;
      for (const other of [path.join(dir, ref), NIFTI]) {
        const r = pythonJson<{ maxFrac: number; inside: boolean; mismatch: number }>(SAME_WORLD, ours, other);
        expect(r.inside).toBe(true);
        expect(r.maxFrac).toBeLessThan(1e-3);
        expect(r.mismatch).toBe(0);
      }
      // Ordered along the normal (rowDir × colDir = −z here): positions strictly increase along it.
      const d = v.dicom.slices.map((s) => -s.imagePosition[2]);
      expect(d.every((x, i) => i === 0 || x > d[i - 1])).toBe(true);
    } finally {
      await cleanup();
    }
  });

  it('names the file for a missing slice, non-uniform spacing and mixed series', async () => {
    const { dir, cleanup } = await makeTempDir();
    try {
      await cp(SERIES, dir, { recursive: true });
      const files = (await readdir(dir)).sort().map((f) => path.join(dir, f));
      await expect(readDicomSeries(files.filter((f) => !f.endsWith('slice_010.dcm')))).rejects.toThrow(
        /slice_009\.dcm.*missing slice\(s\): the gap between slice_011\.dcm and slice_009\.dcm is 6\.000 mm, 2× the series' 3\.000 mm spacing/,
      );
      // Move one slice by 1 mm along z: non-uniform spacing.
      pythonJson(
        'import sys, pydicom; d = pydicom.dcmread(sys.argv[1]); p = d.ImagePositionPatient; d.ImagePositionPatient = [p[0], p[1], float(p[2]) + 1.0]; d.save_as(sys.argv[1]); print(0)',
        files[4],
      );
      await expect(readDicomSeries(files)).rejects.toThrow(/non-uniform slice spacing/);
      await cp(path.join(SERIES, 'slice_005.dcm'), files[4]);
      pythonJson(
        'import sys, pydicom; d = pydicom.dcmread(sys.argv[1]); d.SeriesInstanceUID = "1.2.3.4"; d.save_as(sys.argv[1]); print(0)',
        files[7],
      );
      await expect(readDicomSeries(files)).rejects.toThrow(
        /slice_008\.dcm.*mixed series: SeriesInstanceUID 1\.2\.3\.4/,
      );
      const found = await findDicomSeries(dir);
      expect(found.map((s) => s.files.length).sort()).toEqual([1, 19]);
      await rm(files[7]);
      await expect(readDicomSeries(files.filter((_, i) => i !== 7))).rejects.toThrow(/missing slice/);
    } finally {
      await cleanup();
    }
  });
});

describe('one volume read two ways', () => {
  it('the NIfTI and the DICOM series of the same patient give the same world → value map', async () => {
    const n = await readNiftiVolume(NIFTI);
    const [series] = await findDicomSeries(SERIES);
    const v = await readDicomSeries(series.files);
    // NIfTI voxel (x, y, z) sits at RAS (x, y, 3z); the series' affine maps (i, j, k) to (i, 255 − j, 57 − 3k).
    expect(v.affine).toEqual([
      [1, -0, -0, 0],
      [-0, -1, -0, 255],
      [0, 0, -3, 57],
      [0, 0, 0, 1],
    ]);
    for (const [x, y, z] of [
      [3, 7, 0],
      [128, 64, 9],
      [200, 250, 19],
    ]) {
      const [i, j, k] = [x, 255 - y, 19 - z];
      expect(v.data[i + 256 * (j + 256 * k)]).toBe(n.data[x + 256 * (y + 256 * z)]);
    }
  });
});
