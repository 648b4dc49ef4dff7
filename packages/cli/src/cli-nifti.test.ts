/**
 * `cuts run` on the real NIfTI tumour slices writes label maps back on each
 * image's original grid as NIfTI with the source's affine, and skips the slice
 * whose mask is empty when scoring.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readNifti, readRasterImage } from '@cuts/data';
import { sharedDataForTests } from '@cuts/core/testing';
import { makeTempDir, runCli, writeFastConfig } from './test-utils/cli.js';

const brain = sharedDataForTests('brain_tumor');
let tmp: Awaited<ReturnType<typeof makeTempDir>>;
let run: string;
let result: Awaited<ReturnType<typeof runCli>>;

describe.skipIf(!brain)('cuts run on NIfTI input (../shared/data/brain_tumor)', () => {
  beforeAll(async () => {
    tmp = await makeTempDir();
    run = path.join(tmp.dir, 'run');
    const cfg = await writeFastConfig(tmp.dir);
    result = await runCli([
      'run',
      '--data',
      brain!,
      '--out',
      run,
      '--epochs',
      '1',
      '--methods',
      'kmeans',
      '--config',
      cfg,
      '--json',
    ]);
  });
  afterAll(() => tmp?.cleanup());

  it('exits 0 and scores the 5 slices with a non-empty mask', () => {
    expect(result.code, result.stderr).toBe(0);
    const out = JSON.parse(result.stdout.trim());
    expect(out.summary.images).toBe(5);
    expect(result.stderr).toMatch(/not scored \(no mask or an empty mask\): YG_0V2BSBNLNGKS/);
  });

  it('writes labels_native as NIfTI on the source grid with the same affine', async () => {
    for (const id of ['YG_0BEUR3GWE1NK', 'YG_0V2BSBNLNGKS']) {
      const source = await readNifti(path.join(brain!, `${id}.nii.gz`));
      const labels = await readNifti(path.join(run, 'labels_native', 'kmeans', `${id}.nii.gz`));
      expect([labels.height, labels.width]).toEqual([source.height, source.width]);
      expect(labels.info.srow).toEqual(source.info.srow);
      expect(labels.info.qoffset).toEqual(source.info.qoffset);
      expect(labels.info.pixDims.slice(1, 4)).toEqual(source.info.pixDims.slice(1, 4));
      const values = new Set(labels.data);
      expect(values.size).toBeGreaterThan(1);
      // nearest-neighbour resampling of the model-grid map: only its region ids, as integers
      const model = new Set((await readRasterImage(path.join(run, 'labels', 'kmeans', `${id}.png`))).data);
      for (const v of values) expect(Number.isInteger(v) && model.has(v)).toBe(true);
    }
  });
});
