/**
 * Writes a 3D array as NIfTI-1 on a given grid (the source's qform, sform,
 * codes and voxel sizes), with a description. The header is encoded by
 * nifti-reader-js; the smallest integer type that holds the values is chosen
 * (uint8, int16, uint16, int32), float32 otherwise.
 */
import { gzipSync } from 'node:zlib';
import * as nifti from 'nifti-reader-js';
import { writeFileAtomic } from '../io/atomic-write.js';
import type { NiftiGeometry } from './volume.js';

interface StoredType {
  readonly code: number;
  readonly bits: number;
  readonly set: (v: DataView, o: number, x: number) => void;
}

const UINT8: StoredType = { code: 2, bits: 8, set: (v, o, x) => v.setUint8(o, x) };
const INT16: StoredType = { code: 4, bits: 16, set: (v, o, x) => v.setInt16(o, x, true) };
const UINT16: StoredType = { code: 512, bits: 16, set: (v, o, x) => v.setUint16(o, x, true) };
const INT32: StoredType = { code: 8, bits: 32, set: (v, o, x) => v.setInt32(o, x, true) };
const FLOAT32: StoredType = { code: 16, bits: 32, set: (v, o, x) => v.setFloat32(o, x, true) };

function storedType(data: ArrayLike<number>): StoredType {
  let min = 0;
  let max = 0;
  let integer = true;
  for (let i = 0; i < data.length; i++) {
    const x = data[i];
    if (x < min) min = x;
    if (x > max) max = x;
    if (integer && !Number.isInteger(x)) integer = false;
  }
  if (!integer) return FLOAT32;
  if (min >= 0 && max <= 255) return UINT8;
  if (min >= -32768 && max <= 32767) return INT16;
  if (min >= 0 && max <= 65535) return UINT16;
  if (min >= -(2 ** 31) && max < 2 ** 31) return INT32;
  return FLOAT32;
}

/** A volume for `writeNiftiVolume`: dims, voxels (x fastest) and the source grid. */
export interface NiftiVolumeToWrite {
  /** [nx, ny, nz]. */
  readonly dims: readonly number[];
  /** x fastest, then y, then z. */
  readonly data: ArrayLike<number>;
  readonly geometry: NiftiGeometry;
  /** Up to 79 characters. */
  readonly description: string;
  /** NIfTI intent code (1002 = NIFTI_INTENT_LABEL for label maps; default 0). */
  readonly intentCode?: number;
}

/** NIfTI-1 bytes (uncompressed). */
export function encodeNiftiVolume(v: NiftiVolumeToWrite): Uint8Array {
  const [nx, ny, nz] = v.dims;
  const n = nx * ny * nz;
  if (v.data.length !== n)
    throw new RangeError(`encodeNiftiVolume: ${v.data.length} values for a ${v.dims.join('×')} grid`);
  const type = storedType(v.data);
  const g = v.geometry;
  const h = new nifti.NIFTI1();
  h.littleEndian = true;
  h.dims = [3, nx, ny, nz, 1, 1, 1, 1];
  h.pixDims = [g.pixDims[0] === -1 ? -1 : 1, g.pixDims[1] || 1, g.pixDims[2] || 1, g.pixDims[3] || 1, 1, 1, 1, 1];
  h.datatypeCode = type.code;
  h.numBitsPerVoxel = type.bits;
  h.vox_offset = 352;
  h.scl_slope = 1;
  h.scl_inter = 0;
  h.xyzt_units = g.xyztUnits || 2;
  h.cal_min = 0;
  h.cal_max = 0;
  h.intent_code = v.intentCode ?? 0;
  h.description = v.description.slice(0, 79);
  h.aux_file = '';
  h.intent_name = '';
  h.magic = 'n+1';
  h.qform_code = g.qformCode;
  h.sform_code = g.sformCode;
  [h.quatern_b, h.quatern_c, h.quatern_d] = g.quatern;
  [h.qoffset_x, h.qoffset_y, h.qoffset_z] = g.qoffset;
  h.affine = [...g.srow.map((r) => [...r]), [0, 0, 0, 1]];
  const header = new Uint8Array(h.toArrayBuffer(false));
  const bytes = new Uint8Array(352 + n * (type.bits / 8));
  bytes.set(header.subarray(0, 352), 0);
  const view = new DataView(bytes.buffer);
  const step = type.bits / 8;
  for (let i = 0; i < n; i++) type.set(view, 352 + step * i, v.data[i]);
  return bytes;
}

/** Writes `.nii.gz` (gzip) or `.nii`, atomically. */
export async function writeNiftiVolume(file: string, v: NiftiVolumeToWrite): Promise<void> {
  if (!/\.nii(\.gz)?$/i.test(file)) throw new RangeError(`writeNiftiVolume: ${file} must end in .nii or .nii.gz`);
  const bytes = encodeNiftiVolume(v);
  await writeFileAtomic(file, /\.gz$/i.test(file) ? gzipSync(bytes, { level: 6 }) : bytes);
}
