import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CutsInputError, createLabelMap } from '@cuts/core';
import { sharedDataForTests } from '@cuts/core/testing';
import { makeTempDir } from '../test-utils/tmp.js';
import { parseNifti, readNifti } from './nifti-read.js';
import { writeNiftiLike } from './nifti-write.js';

/**
 * A NIfTI-1 volume written field by field (int16, nx×ny×nz), voxel value
 * x + 10·y + 100·z, sform = diag(2, 3, 4) with offset (10, 20, 30).
 */
function handVolume(nx: number, ny: number, nz: number): Uint8Array {
  const out = new Uint8Array(352 + nx * ny * nz * 2);
  const v = new DataView(out.buffer);
  v.setInt32(0, 348, true);
  [3, nx, ny, nz, 1, 1, 1, 1].forEach((d, i) => v.setInt16(40 + 2 * i, d, true));
  v.setInt16(70, 4, true); // int16
  v.setInt16(72, 16, true);
  [1, 2, 3, 4, 1, 1, 1, 1].forEach((d, i) => v.setFloat32(76 + 4 * i, d, true));
  v.setFloat32(108, 352, true);
  v.setFloat32(112, 1, true); // scl_slope
  v.setInt16(254, 1, true); // sform_code
  const srow = [2, 0, 0, 10, 0, 3, 0, 20, 0, 0, 4, 30];
  srow.forEach((x, i) => v.setFloat32(280 + 4 * i, x, true));
  out.set([0x6e, 0x2b, 0x31, 0], 344); // "n+1\0"
  for (let z = 0; z < nz; z++)
    for (let y = 0; y < ny; y++)
      for (let x = 0; x < nx; x++) v.setInt16(352 + 2 * (x + nx * (y + ny * z)), x + 10 * y + 100 * z, true);
  return out;
}

let tmp: Awaited<ReturnType<typeof makeTempDir>>;
beforeAll(async () => {
  tmp = await makeTempDir();
});
afterAll(() => tmp.cleanup());

describe('readNifti', () => {
  it('reads the middle axial slice of a 3D volume by default, or a chosen one', () => {
    const bytes = handVolume(4, 3, 5);
    const mid = parseNifti(bytes, 'vol.nii');
    expect(mid).toMatchObject({ width: 4, height: 3, channels: 1, bitDepth: 16, isFloat: false });
    expect(mid.info.sliceIndex).toBe(2);
    expect(mid.info.sliceCount).toBe(5);
    // raster (row y, column x) = voxel (x, y, z)
    expect(Array.from(mid.data)).toEqual([200, 201, 202, 203, 210, 211, 212, 213, 220, 221, 222, 223]);
    const s0 = parseNifti(gzipSync(bytes), 'vol.nii.gz', { slice: 0 });
    expect(s0.data[4 * 2 + 3]).toBe(23);
    expect(s0.info.srow).toEqual([
      [2, 0, 0, 10],
      [0, 3, 0, 20],
      [0, 0, 4, 30],
    ]);
  });

  it('rejects an out-of-range slice, truncated data, corrupt gzip and non-NIfTI bytes, naming the file', () => {
    const bytes = handVolume(4, 3, 5);
    expect(() => parseNifti(bytes, 'v.nii', { slice: 5 })).toThrow(
      /v\.nii: slice 5 is out of range: the volume has 5 axial slice/,
    );
    expect(() => parseNifti(bytes.subarray(0, 400), 'short.nii')).toThrow(/short\.nii: truncated NIfTI data/);
    const gz = gzipSync(bytes);
    expect(() => parseNifti(gz.subarray(0, 60), 'cut.nii.gz')).toThrow(CutsInputError);
    expect(() => parseNifti(gz.subarray(0, 60), 'cut.nii.gz')).toThrow(/cut\.nii\.gz: corrupt gzip/);
    expect(() => parseNifti(new Uint8Array(400), 'zero.nii')).toThrow(/zero\.nii: not a NIfTI/);
  });

  it('writes a slice back on the source grid with the slice-shifted sform', async () => {
    const file = path.join(tmp.dir, 'vol.nii');
    await writeFile(file, handVolume(4, 3, 5));
    const src = await readNifti(file, { slice: 3 });
    const labels = createLabelMap(
      3,
      4,
      Int32Array.from({ length: 12 }, (_, i) => i % 3),
    );
    const out = path.join(tmp.dir, 'labels.nii.gz');
    await writeNiftiLike(out, labels, src.info);
    const back = await readNifti(out);
    expect(back.info.dims.slice(0, 4)).toEqual([3, 4, 3, 1]);
    expect(back.info.pixDims.slice(1, 4)).toEqual([2, 3, 4]);
    expect(Array.from(back.data)).toEqual(Array.from(labels.data));
    // voxel (0, 0, 3) of the source sits at z = 30 + 4·3 = 42
    expect(back.info.srow).toEqual([
      [2, 0, 0, 10],
      [0, 3, 0, 20],
      [0, 0, 4, 42],
    ]);
    await expect(writeNiftiLike(out, createLabelMap(4, 4), src.info)).rejects.toThrow(
      /label map is 4×4 .* is 3×4 in-plane/,
    );
  });

  const tumour = sharedDataForTests('brain_tumor');
  it.skipIf(!tumour)(
    'real tumour slice: segmentation written back matches the source seg voxel for voxel',
    async () => {
      const dir = tumour as string;
      const seg = await readNifti(path.join(dir, 'YG_0BEUR3GWE1NK_seg.nii.gz'));
      expect(seg).toMatchObject({ width: 317, height: 357 });
      expect(new Set(seg.data)).toEqual(new Set([0, 255]));
      const labels = createLabelMap(
        seg.height,
        seg.width,
        Int32Array.from(seg.data, (x) => (x ? 1 : 0)),
      );
      const out = path.join(tmp.dir, 'seg_back.nii.gz');
      await writeNiftiLike(out, labels, seg.info);
      const back = await readNifti(out);
      expect(Array.from(back.data)).toEqual(Array.from(labels.data));
      expect(back.info.srow).toEqual(seg.info.srow);
      expect(back.info.sformCode).toBe(seg.info.sformCode);
      expect(back.info.dims).toEqual(seg.info.dims);
      expect((await readFile(out)).subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
    },
  );
});
