/**
 * NIfTI qform/sform from a voxel → RAS affine (for sources without a NIfTI
 * header, i.e. DICOM series). The quaternion follows nifti1_io.c's
 * nifti_mat44_to_quatern (hand-ported: ~40 lines, no maintained npm package
 * offers it on plain arrays).
 */
import { niftiAffine } from './nifti-volume-read.js';
import type { NiftiGeometry } from './volume.js';

/** Qform parameters of an affine with orthogonal columns: quaternion (b, c, d), offsets, voxel sizes, qfac. */
export function affineToQuatern(affine: readonly (readonly number[])[]): {
  quatern: [number, number, number];
  qoffset: [number, number, number];
  pixDims: [number, number, number];
  qfac: 1 | -1;
} {
  const col = (j: number) => [affine[0][j], affine[1][j], affine[2][j]];
  const sizes = [0, 1, 2].map((j) => Math.hypot(...col(j)) || 1) as [number, number, number];
  const r = [0, 1, 2].map((j) => col(j).map((x) => x / sizes[j]));
  // r[j] is column j; m[i][j] = r[j][i].
  const m = [0, 1, 2].map((i) => [0, 1, 2].map((j) => r[j][i]));
  let det =
    m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) -
    m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0]) +
    m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
  let qfac: 1 | -1 = 1;
  if (det < 0) {
    qfac = -1;
    for (let i = 0; i < 3; i++) m[i][2] = -m[i][2];
    det = -det;
  }
  const [r11, r12, r13] = m[0];
  const [r21, r22, r23] = m[1];
  const [r31, r32, r33] = m[2];
  let a = r11 + r22 + r33 + 1;
  let b: number;
  let c: number;
  let d: number;
  if (a > 0.5) {
    a = 0.5 * Math.sqrt(a);
    b = (0.25 * (r32 - r23)) / a;
    c = (0.25 * (r13 - r31)) / a;
    d = (0.25 * (r21 - r12)) / a;
  } else {
    const xd = 1 + r11 - (r22 + r33);
    const yd = 1 + r22 - (r11 + r33);
    const zd = 1 + r33 - (r11 + r22);
    if (xd > 1) {
      b = 0.5 * Math.sqrt(xd);
      c = (0.25 * (r12 + r21)) / b;
      d = (0.25 * (r13 + r31)) / b;
      a = (0.25 * (r32 - r23)) / b;
    } else if (yd > 1) {
      c = 0.5 * Math.sqrt(yd);
      b = (0.25 * (r12 + r21)) / c;
      d = (0.25 * (r23 + r32)) / c;
      a = (0.25 * (r13 - r31)) / c;
    } else {
      d = 0.5 * Math.sqrt(zd);
      b = (0.25 * (r13 + r31)) / d;
      c = (0.25 * (r23 + r32)) / d;
      a = (0.25 * (r21 - r12)) / d;
    }
    if (a < 0) {
      b = -b;
      c = -c;
      d = -d;
    }
  }
  return { quatern: [b, c, d], qoffset: [affine[0][3], affine[1][3], affine[2][3]], pixDims: sizes, qfac };
}

/** A NiftiGeometry (qform and sform both code 1, scanner) for a voxel → RAS mm affine. */
export function geometryFromAffine(affine: readonly (readonly number[])[]): NiftiGeometry {
  const q = affineToQuatern(affine);
  return {
    pixDims: [q.qfac, ...q.pixDims],
    qformCode: 1,
    sformCode: 1,
    quatern: q.quatern,
    qoffset: q.qoffset,
    srow: [0, 1, 2].map((i) => [...affine[i]]),
    xyztUnits: 2,
  };
}

/**
 * The NIfTI geometry of one slice (z = info.sliceIndex) of a NIfTI source, as
 * a 2D grid: both transforms moved to the slice's position (what
 * writeNiftiLike does for label maps).
 */
export function sliceGeometry(info: NiftiGeometry & { readonly sliceIndex: number }): NiftiGeometry {
  const k = info.sliceIndex;
  let qoffset: [number, number, number] = [...info.qoffset];
  if (k !== 0 && info.qformCode > 0) {
    const a = niftiAffine({ ...info, sformCode: 0 });
    qoffset = [a[0][2] * k + qoffset[0], a[1][2] * k + qoffset[1], a[2][2] * k + qoffset[2]];
  }
  return {
    pixDims: [...info.pixDims],
    qformCode: info.qformCode,
    sformCode: info.sformCode,
    quatern: info.quatern,
    qoffset,
    srow: info.srow.map((r) => [r[0], r[1], r[2], r[3] + r[2] * k]),
    xyztUnits: info.xyztUnits,
  };
}
