import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeTempDir } from '../test-utils/tmp.js';
import { pythonJson } from '../test-utils/python.js';
import { readNiftiVolume } from './nifti-volume-read.js';
import { writeNiftiVolume } from './nifti-volume-write.js';

const LGG = path.resolve(__dirname, '../../../../../shared/data/lgg_volumes');
const VOL = path.join(LGG, 'TCGA_CS_4943_20000902.nii.gz');

const NIB_SUMMARY = `
import json, sys, numpy as np, nibabel as nib
img = nib.load(sys.argv[1]); d = np.asarray(img.dataobj).astype(float)
h = img.header
print(json.dumps({"shape": list(img.shape), "affine": img.affine.tolist(), "qform": img.get_qform().tolist(),
  "qcode": int(h["qform_code"]), "scode": int(h["sform_code"]), "descrip": h["descrip"].item().decode(),
  "zooms": [float(z) for z in h.get_zooms()], "sum": float(d.sum()), "probe": [float(d[10, 200, 3]), float(d[128, 100, 12]), float(d[255, 0, 19])] if d.ndim == 3 else []}))
`;

describe('readNiftiVolume', () => {
  it('reads every voxel and the geometry the way nibabel does', async () => {
    const v = await readNiftiVolume(VOL);
    const nib = pythonJson<{ shape: number[]; affine: number[][]; sum: number; probe: number[] }>(NIB_SUMMARY, VOL);
    expect([...v.dims]).toEqual(nib.shape);
    expect(v.affine).toEqual(nib.affine);
    expect([...v.spacing]).toEqual([1, 1, 3]);
    let sum = 0;
    for (const x of v.data) sum += x;
    expect(sum).toBe(nib.sum);
    const at = (x: number, y: number, z: number) => v.data[x + 256 * (y + 256 * z)];
    expect([at(10, 200, 3), at(128, 100, 12), at(255, 0, 19)]).toEqual(nib.probe);
  });

  it('asks for --volume-index on 4D input and reads the chosen volume', async () => {
    const { dir, cleanup } = await makeTempDir();
    try {
      const file = path.join(dir, 'four.nii.gz');
      pythonJson(
        'import sys, json, numpy as np, nibabel as nib; d = np.arange(4*3*2*5, dtype=np.int16).reshape((4,3,2,5), order="F"); nib.save(nib.Nifti1Image(d, np.diag([2.,2.,4.,1.])), sys.argv[1]); print("0")',
        file,
      );
      await expect(readNiftiVolume(file)).rejects.toThrow(
        /four\.nii\.gz.*4-D NIfTI with 5 volumes: choose one with --volume-index <0…4>/,
      );
      await expect(readNiftiVolume(file, { volumeIndex: 5 })).rejects.toThrow(/--volume-index 5 is out of range/);
      const v = await readNiftiVolume(file, { volumeIndex: 3 });
      expect([...v.dims]).toEqual([4, 3, 2]);
      // Fortran order: value(x, y, z, t) = x + 4y + 12z + 24t.
      expect(v.data[1 + 4 * (2 + 3 * 1)]).toBe(1 + 8 + 12 + 72);
    } finally {
      await cleanup();
    }
  });
});

describe('writeNiftiVolume', () => {
  it('writes a label volume nibabel opens on the source grid with codes and description', async () => {
    const { dir, cleanup } = await makeTempDir();
    try {
      const v = await readNiftiVolume(VOL);
      const labels = new Int32Array(v.data.length);
      for (let i = 0; i < labels.length; i++) labels[i] = v.data[i] > 100 ? 300 + (i % 7) : 0;
      const file = path.join(dir, 'labels.nii.gz');
      await writeNiftiVolume(file, {
        dims: v.dims,
        data: labels,
        geometry: v.geometry,
        description: 'cuts-ts kmeans labels',
        intentCode: 1002,
      });
      const nib = pythonJson<{
        shape: number[];
        affine: number[][];
        qform: number[][];
        qcode: number;
        scode: number;
        descrip: string;
        sum: number;
      }>(NIB_SUMMARY, file);
      const src = pythonJson<{ affine: number[][]; qform: number[][] }>(NIB_SUMMARY, VOL);
      expect(nib.shape).toEqual([256, 256, 20]);
      expect(nib.affine).toEqual(src.affine);
      expect(nib.qform).toEqual(src.qform);
      expect([nib.qcode, nib.scode]).toEqual([1, 1]);
      expect(nib.descrip).toBe('cuts-ts kmeans labels');
      let sum = 0;
      for (const x of labels) sum += x;
      expect(nib.sum).toBe(sum);
    } finally {
      await cleanup();
    }
  });
});
