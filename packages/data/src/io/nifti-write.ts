/**
 * Writes a label map back as NIfTI on the grid of the NIfTI it came from: same
 * in-plane dims, voxel sizes, qform/sform. For a slice of a 3D volume the file
 * holds that one slice (nz = 1) and both transforms are shifted to the slice's
 * position, so viewers overlay it on the source volume exactly.
 */
import { gzipSync } from 'node:zlib';
import * as nifti from 'nifti-reader-js';
import type { LabelMap } from '@cuts/core';
import { writeFileAtomic } from './atomic-write.js';
import type { NiftiSourceInfo } from './nifti-read.js';

function labelType(data: Int32Array): { code: number; bits: number } {
  let min = 0;
  let max = 0;
  for (let i = 0; i < data.length; i++) {
    if (data[i] < min) min = data[i];
    if (data[i] > max) max = data[i];
  }
  if (min >= 0 && max <= 255) return { code: 2, bits: 8 }; // uint8
  if (min >= -32768 && max <= 32767) return { code: 4, bits: 16 }; // int16
  return { code: 8, bits: 32 }; // int32
}

/** Encodes the NIfTI-1 bytes (uncompressed) for `labels` on `source`'s grid. */
export function encodeNiftiLike(labels: LabelMap, source: NiftiSourceInfo): Uint8Array {
  const nx = source.dims[1];
  const ny = source.dims[0] >= 2 ? source.dims[2] : 1;
  if (labels.width !== nx || labels.height !== ny) {
    throw new RangeError(
      `writeNiftiLike: label map is ${labels.height}×${labels.width} (H×W) but ${source.file} is ${ny}×${nx} in-plane; map it back with labelMapToOriginal first`,
    );
  }
  const k = source.sliceIndex;
  const type = labelType(labels.data);
  const h = new nifti.NIFTI1();
  h.littleEndian = true;
  h.dims = [source.dims[0] >= 3 ? 3 : 2, nx, ny, 1, 1, 1, 1, 1];
  h.pixDims = Array.from({ length: 8 }, (_, i) => (i < 4 ? (source.pixDims[i] ?? 1) : 1));
  h.datatypeCode = type.code;
  h.numBitsPerVoxel = type.bits;
  h.vox_offset = 352;
  h.scl_slope = 1;
  h.scl_inter = 0;
  h.xyzt_units = source.xyztUnits;
  h.cal_min = 0;
  h.cal_max = 0;
  h.description = 'cuts-ts label map'.slice(0, 79);
  h.aux_file = '';
  h.intent_name = '';
  h.magic = 'n+1';
  h.qform_code = source.qformCode;
  h.sform_code = source.sformCode;
  [h.quatern_b, h.quatern_c, h.quatern_d] = source.quatern;
  let [qx, qy, qz] = source.qoffset;
  if (k !== 0 && source.qformCode > 0) {
    // World position of voxel (0, 0, k) under the qform.
    const qfac = source.pixDims[0] === -1 ? -1 : 1;
    const m = h.convertNiftiQFormToNiftiSForm(
      ...source.quatern,
      qx,
      qy,
      qz,
      source.pixDims[1],
      source.pixDims[2],
      source.pixDims[3],
      qfac,
    );
    [qx, qy, qz] = [m[0][2] * k + qx, m[1][2] * k + qy, m[2][2] * k + qz];
  }
  h.qoffset_x = qx;
  h.qoffset_y = qy;
  h.qoffset_z = qz;
  h.affine = [...source.srow.map((row) => [row[0], row[1], row[2], row[3] + row[2] * k]), [0, 0, 0, 1]];
  const header = new Uint8Array(h.toArrayBuffer(false));
  const n = nx * ny;
  const bytes = new Uint8Array(352 + n * (type.bits / 8));
  bytes.set(header.subarray(0, 352), 0);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < n; i++) {
    const v = labels.data[i];
    if (type.code === 2) view.setUint8(352 + i, v);
    else if (type.code === 4) view.setInt16(352 + 2 * i, v, true);
    else view.setInt32(352 + 4 * i, v, true);
  }
  return bytes;
}

/**
 * Writes `labels` (already on the original grid: labelMapToOriginal) as a NIfTI
 * file matching `source`. `.nii.gz` is gzip-compressed, `.nii` is not. Atomic.
 */
export async function writeNiftiLike(file: string, labels: LabelMap, source: NiftiSourceInfo): Promise<void> {
  if (!/\.nii(\.gz)?$/i.test(file)) throw new RangeError(`writeNiftiLike: ${file} must end in .nii or .nii.gz`);
  const bytes = encodeNiftiLike(labels, source);
  await writeFileAtomic(file, /\.gz$/i.test(file) ? gzipSync(bytes) : bytes);
}
