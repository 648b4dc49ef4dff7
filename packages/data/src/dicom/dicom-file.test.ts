import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { pydicomTestFiles, pythonJson } from '../test-utils/python.js';
import { readDicomImage } from './dicom-file.js';

const DIR = pydicomTestFiles();

/** pydicom's pixel values after the modality LUT (RescaleSlope/Intercept). */
const PYDICOM_PIXELS = `
import json, sys, pydicom, numpy as np
from pydicom.pixel_data_handlers.util import apply_modality_lut
d = pydicom.dcmread(sys.argv[1]); a = apply_modality_lut(d.pixel_array, d).astype(float)
print(json.dumps({"ts": str(d.file_meta.TransferSyntaxUID), "shape": list(a.shape), "values": a.reshape(-1).tolist()}))
`;

describe('readDicomImage against pydicom', () => {
  it.each([
    'MR_small.dcm',
    'MR_small_implicit.dcm',
    'MR_small_bigendian.dcm',
    'MR_small_expb.dcm',
    'CT_small.dcm',
    'image_dfl.dcm',
  ])('%s decodes to the same values', async (name) => {
    const file = path.join(DIR, name);
    const ref = pythonJson<{ ts: string; shape: number[]; values: number[] }>(PYDICOM_PIXELS, file);
    const { header, pixels } = await readDicomImage(file);
    expect(header.transferSyntax).toBe(ref.ts);
    expect([header.rows, header.columns]).toEqual(ref.shape);
    expect(Array.from(pixels())).toEqual(ref.values);
  });

  it.each([
    ['MR_small_RLE.dcm', /1\.2\.840\.10008\.1\.2\.5 \(RLE Lossless\)/],
    ['MR_small_jpeg_ls_lossless.dcm', /1\.2\.840\.10008\.1\.2\.4\.80 \(JPEG-LS Lossless\)/],
    ['MR_small_jp2klossless.dcm', /1\.2\.840\.10008\.1\.2\.4\.90 \(JPEG 2000 Image Compression \(Lossless Only\)\)/],
    ['JPEG-lossy.dcm', /1\.2\.840\.10008\.1\.2\.4\.51 \(JPEG Extended/],
  ])('%s: a clear error naming the transfer syntax and the file', async (name, pattern) => {
    const file = path.join(DIR, name);
    await expect(readDicomImage(file)).rejects.toThrow(
      new RegExp(`${name.replace(/\./g, '\\.')}: unsupported DICOM transfer syntax ${pattern.source}`),
    );
  });

  it('rejects truncated and non-DICOM files with the file name', async () => {
    const truncated = readDicomImage(path.join(DIR, 'MR_truncated.dcm')).then((r) => r.pixels());
    await expect(truncated).rejects.toThrow(/MR_truncated\.dcm: (truncated pixel data|not a readable DICOM file)/);
    await expect(readDicomImage(path.join(DIR, 'rtplan.dump'))).rejects.toThrow(
      /rtplan\.dump: not a readable DICOM file/,
    );
    expect((await readFile(path.join(DIR, 'MR_small.dcm'))).length).toBeGreaterThan(0);
  });
});
