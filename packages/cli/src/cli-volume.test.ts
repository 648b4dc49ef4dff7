/**
 * `cuts run` on a 3D NIfTI volume and on a DICOM series (real LGG FLAIR data,
 * cut to 4 slices so the test stays fast): 3D label volumes nibabel opens on
 * the source grid, native metrics checked against scipy, and a DICOM SEG
 * pydicom reads with the right referenced series and frames.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRasterImage } from '@cuts/data';
import { sharedDataForTests } from '@cuts/core/testing';
import { makeTempDir, runCli, writeFastConfig } from './test-utils/cli.js';

const lgg = sharedDataForTests('lgg_volumes');
const PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
const py = <T>(script: string, ...args: string[]): T =>
  JSON.parse(execFileSync(PYTHON, ['-c', script, ...args], { encoding: 'utf8', maxBuffer: 1 << 26 })) as T;

let tmp: Awaited<ReturnType<typeof makeTempDir>>;
let cfg: string;

describe.skipIf(!lgg)('cuts run on volumes', () => {
  beforeAll(async () => {
    tmp = await makeTempDir();
    cfg = await writeFastConfig(tmp.dir);
    // Slices 8–11 of one patient (tumour on all four), image and mask, geometry kept by nibabel's slicer.
    await mkdir(path.join(tmp.dir, 'vol'));
    py(
      'import sys, nibabel as nib\nfor s in ["", "_seg"]:\n    i = nib.load(sys.argv[1] + s + ".nii.gz"); nib.save(i.slicer[:, :, 8:12], sys.argv[2] + s + ".nii.gz")\nprint(0)',
      path.join(lgg!, 'TCGA_CS_4943_20000902'),
      path.join(tmp.dir, 'vol', 'V'),
    );
    const series = path.join(lgg!, 'dicom', 'TCGA_CS_4943_20000902');
    await mkdir(path.join(tmp.dir, 'dicom', 'P1'), { recursive: true });
    for (const n of ['008', '009', '010', '011'])
      await cp(path.join(series, `slice_${n}.dcm`), path.join(tmp.dir, 'dicom', 'P1', `slice_${n}.dcm`));
  });
  afterAll(() => tmp?.cleanup());

  it('NIfTI: 3D label volume on the source grid, native index, Dice and HD95 in mm as scipy computes them', async () => {
    const run = path.join(tmp.dir, 'run-vol');
    const r = await runCli([
      'run',
      '--data',
      path.join(tmp.dir, 'vol'),
      '--out',
      run,
      '--epochs',
      '1',
      '--methods',
      'kmeans',
      '--no-controls',
      '--config',
      cfg,
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const index = JSON.parse(await readFile(path.join(run, 'native', 'index.json'), 'utf8'));
    expect(index).toEqual({
      schema: 1,
      items: {
        V: {
          kind: 'volume',
          format: 'nifti',
          ext: '.nii.gz',
          dims: [256, 256, 4],
          spacing: [1, 1, 3],
          units: 'mm',
          channels: 1,
          sliceAxis: 'axial',
          slices: ['V__s000', 'V__s001', 'V__s002', 'V__s003'],
          hasMask: true,
        },
      },
    });
    const nib = py<{
      shape: number[];
      same: boolean[];
      codes: number[][];
      descrip: string;
      imgEqual: boolean;
      maskEqual: boolean;
      slices: number[][];
    }>(
      `
import json, sys, numpy as np, nibabel as nib
src = nib.load(sys.argv[1] + "/vol/V.nii.gz"); lab = nib.load(sys.argv[2] + "/labels_native/kmeans/V.nii.gz")
img = nib.load(sys.argv[2] + "/images_native/V.nii.gz"); msk = nib.load(sys.argv[2] + "/masks_native/V.nii.gz")
d = np.asarray(lab.dataobj)
print(json.dumps({"shape": list(lab.shape), "same": [bool(np.allclose(x.affine, src.affine)) for x in (lab, img, msk)],
  "codes": [[int(x.header["qform_code"]), int(x.header["sform_code"])] for x in (src, lab)], "descrip": lab.header["descrip"].item().decode(),
  "imgEqual": bool((np.asarray(img.dataobj) == np.asarray(src.dataobj)).all()),
  "maskEqual": bool((np.asarray(msk.dataobj) == (np.asarray(nib.load(sys.argv[1] + "/vol/V_seg.nii.gz").dataobj) != 0)).all()),
  "slices": [sorted(set(np.unique(d[:, :, k]).tolist())) for k in range(d.shape[2])]}))
`,
      tmp.dir,
      run,
    );
    expect(nib.shape).toEqual([256, 256, 4]);
    expect(nib.same).toEqual([true, true, true]);
    expect(nib.codes[1]).toEqual(nib.codes[0]);
    expect(nib.descrip).toMatch(/kmeans/);
    expect(nib.imgEqual && nib.maskEqual).toBe(true);
    // The 128² slice maps carry the same (volume-consistent) ids as the native volume.
    for (let k = 0; k < 4; k++) {
      const png = new Set((await readRasterImage(path.join(run, 'labels', 'kmeans', `V__s00${k}.png`))).data);
      expect([...png].sort((a, b) => a - b)).toEqual(nib.slices[k]);
    }
    // metrics.csv: the volume scored as a volume; native figures recomputed with scipy's EDT (sampling = spacing).
    const csv = (await readFile(path.join(run, 'metrics.csv'), 'utf8')).trim().split('\n');
    expect(csv[0]).toBe('image,method,protocol,dice,iou,hd,hd95,ssim,clusters,dice_native,hd_native,hd95_native,units');
    const cols = csv[0].split(',');
    const rows = csv.slice(1).map((l) => Object.fromEntries(l.split(',').map((v, i) => [cols[i], v])));
    expect(rows.map((x) => x.image)).toEqual(['V', 'V']);
    const hint = rows.find((x) => x.protocol === 'hint')!;
    expect(hint.units).toBe('mm');
    const ref = py<{ id: number; dice: number; hd: number; hd95: number }>(
      `
import json, sys, numpy as np, nibabel as nib
from scipy.ndimage import distance_transform_edt as edt
lab = np.asarray(nib.load(sys.argv[2] + "/labels_native/kmeans/V.nii.gz").dataobj).astype(int)
gt = np.asarray(nib.load(sys.argv[1] + "/vol/V_seg.nii.gz").dataobj) != 0
ids, counts = np.unique(lab[gt], return_counts=True); cid = int(ids[np.argmax(counts)])
p = lab == cid; sp = (1.0, 1.0, 3.0)
dp = edt(~gt, sampling=sp)[p]; dg = edt(~p, sampling=sp)[gt]
print(json.dumps({"id": cid, "dice": float(2 * (p & gt).sum() / (p.sum() + gt.sum())), "hd": float(max(dp.max(), dg.max())),
  "hd95": float(max(np.percentile(dp, 95), np.percentile(dg, 95)))}))
`,
      tmp.dir,
      run,
    );
    expect(Number(hint.dice_native)).toBeCloseTo(ref.dice, 9);
    expect(Number(hint.hd_native)).toBeCloseTo(ref.hd, 6);
    expect(Number(hint.hd95_native)).toBeCloseTo(ref.hd95, 6);
    const summary = JSON.parse(r.stdout.trim()).summary;
    expect(summary.metrics.kmeans.hint.native.units).toBe('mm');
  });

  it('DICOM series: NIfTI on the series grid and a DICOM SEG pydicom reads with the referenced series and frames', async () => {
    const run = path.join(tmp.dir, 'run-dicom');
    const r = await runCli([
      'run',
      '--data',
      path.join(tmp.dir, 'dicom'),
      '--out',
      run,
      '--epochs',
      '1',
      '--methods',
      'kmeans',
      '--config',
      cfg,
    ]);
    expect(r.code, r.stderr).toBe(0);
    const index = JSON.parse(await readFile(path.join(run, 'native', 'index.json'), 'utf8'));
    expect(index.items.P1).toMatchObject({
      kind: 'volume',
      format: 'dicom',
      dims: [256, 256, 4],
      spacing: [1, 1, 3],
      hasMask: false,
    });
    const out = py<{
      sameWorld: boolean;
      refSeries: string;
      srcSeries: string;
      frames: number;
      expectFrames: number;
      countsEqual: boolean;
      sopMatch: boolean;
    }>(
      `
import json, sys, glob, numpy as np, nibabel as nib, pydicom
run, series = sys.argv[1], sys.argv[2]
lab = nib.load(run + "/labels_native/kmeans/P1.nii.gz"); img = nib.load(run + "/images_native/P1.nii.gz")
d = np.asarray(lab.dataobj).astype(int)
src = [pydicom.dcmread(f) for f in sorted(glob.glob(series + "/*.dcm"))]
# world position of voxel (i, j, k) in LPS = affine with x, y negated; every source slice must sit at one k.
aff = lab.affine.copy(); aff[:2] *= -1
pos = {s.SOPInstanceUID: np.array([float(x) for x in s.ImagePositionPatient]) for s in src}
ks = {}
for uid, p in pos.items():
    ijk = np.linalg.solve(aff[:3, :3], p - aff[:3, 3]); ks[uid] = int(round(ijk[2]))
    assert np.allclose(ijk, [0, 0, ijk[2]], atol=1e-4) and abs(ijk[2] - round(ijk[2])) < 1e-4
same = all((np.asarray(img.dataobj)[:, :, ks[s.SOPInstanceUID]].T == s.pixel_array).all() for s in src)
seg = pydicom.dcmread(run + "/labels_native/kmeans/P1.seg.dcm")
frames = seg.pixel_array.reshape((-1, seg.Rows, seg.Columns))
names = {int(s.SegmentNumber): int(s.SegmentLabel.split()[-1]) for s in seg.SegmentSequence}
rebuilt = np.full(d.shape, -1); sop_ok = True
for n, fg in enumerate(seg.PerFrameFunctionalGroupsSequence):
    uid = fg.DerivationImageSequence[0].SourceImageSequence[0].ReferencedSOPInstanceUID
    sop_ok &= [float(x) for x in fg.PlanePositionSequence[0].ImagePositionPatient] == list(pos[uid])
    rebuilt[:, :, ks[uid]][frames[n].T == 1] = names[int(fg.SegmentIdentificationSequence[0].ReferencedSegmentNumber)]
expect_frames = sum(len(np.unique(d[:, :, k])) for k in range(d.shape[2]))
print(json.dumps({"sameWorld": bool(same), "refSeries": seg.ReferencedSeriesSequence[0].SeriesInstanceUID, "srcSeries": src[0].SeriesInstanceUID,
  "frames": int(seg.NumberOfFrames), "expectFrames": int(expect_frames), "countsEqual": bool((rebuilt == d).all()), "sopMatch": bool(sop_ok)}))
`,
      run,
      path.join(tmp.dir, 'dicom', 'P1'),
    );
    expect(out.sameWorld).toBe(true);
    expect(out.refSeries).toBe(out.srcSeries);
    expect(out.frames).toBe(out.expectFrames);
    expect(out.sopMatch).toBe(true);
    expect(out.countsEqual).toBe(true);
  });

  it('asks for --volume-index on 4D input, naming the file', async () => {
    const dir = path.join(tmp.dir, 'four');
    await mkdir(dir);
    py(
      'import sys, numpy as np, nibabel as nib; nib.save(nib.Nifti1Image(np.zeros((8, 8, 3, 2), np.int16), np.eye(4)), sys.argv[1]); print(0)',
      path.join(dir, 'four.nii.gz'),
    );
    const r = await runCli([
      'run',
      '--data',
      dir,
      '--out',
      path.join(tmp.dir, 'run-four'),
      '--epochs',
      '1',
      '--config',
      cfg,
    ]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/four\.nii\.gz: 4-D NIfTI with 2 volumes: choose one with --volume-index <0…1>/);
    const bad = await runCli([
      'run',
      '--data',
      dir,
      '--out',
      path.join(tmp.dir, 'run-four2'),
      '--slice-axis',
      'oblique',
      '--config',
      cfg,
    ]);
    expect(bad.stderr).toMatch(/unknown slice axis "oblique"/);
  });
});
