/**
 * NIfTI-1/-2 (.nii, .nii.gz) through nifti-reader-js: a 2D image, or one axial
 * slice (fixed z) of a 3D volume. Voxel (x, y) of the slice becomes raster
 * pixel (row y, column x), i.e. the slice is read in file order, so a label map
 * written back with writeNiftiLike lands on exactly the same voxels.
 */
import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import * as nifti from 'nifti-reader-js';
import { CutsInputError } from '@cuts/core';
import { checkPixelLimit, DEFAULT_MAX_PIXELS } from './raster.js';

/** The header facts needed to write a result back on the source grid. */
export interface NiftiSourceInfo {
  readonly file: string;
  /** dim[0..7] of the source. */
  readonly dims: readonly number[];
  /** pixdim[0..7] of the source (pixdim[0] is qfac). */
  readonly pixDims: readonly number[];
  readonly datatypeCode: number;
  /** The axial slice that was read (0 for 2D images) and how many there are. */
  readonly sliceIndex: number;
  readonly sliceCount: number;
  readonly qformCode: number;
  readonly sformCode: number;
  /** quatern_b, quatern_c, quatern_d. */
  readonly quatern: readonly [number, number, number];
  readonly qoffset: readonly [number, number, number];
  /** The sform rows srow_x, srow_y, srow_z (3 × 4). */
  readonly srow: readonly (readonly number[])[];
  readonly xyztUnits: number;
  readonly description: string;
}

/** One 2D slice read from a NIfTI file, with the header fields needed to write results on its grid. */
export interface NiftiSlice {
  readonly width: number;
  readonly height: number;
  readonly channels: 1;
  /** Bits per voxel of the stored type (8/16/32/64). */
  readonly bitDepth: number;
  /** True for float types. */
  readonly isFloat: boolean;
  /** Voxel values after scl_slope/scl_inter, raster order. */
  readonly data: Float64Array;
  readonly info: NiftiSourceInfo;
}

/** Options of `readNifti`. */
export interface ReadNiftiOptions {
  /** Axial slice of a 3D volume; default the middle one (floor(nz/2)). */
  readonly slice?: number;
  /** Refuse slices of more pixels than this (default DEFAULT_MAX_PIXELS). */
  readonly maxPixels?: number;
}

export type Getter = (view: DataView, offset: number, le: boolean) => number;
const TYPES: Record<number, { bytes: number; get: Getter; name: string; float: boolean }> = {
  2: { bytes: 1, get: (v, o) => v.getUint8(o), name: 'uint8', float: false },
  4: { bytes: 2, get: (v, o, le) => v.getInt16(o, le), name: 'int16', float: false },
  8: { bytes: 4, get: (v, o, le) => v.getInt32(o, le), name: 'int32', float: false },
  16: { bytes: 4, get: (v, o, le) => v.getFloat32(o, le), name: 'float32', float: true },
  64: { bytes: 8, get: (v, o, le) => v.getFloat64(o, le), name: 'float64', float: true },
  256: { bytes: 1, get: (v, o) => v.getInt8(o), name: 'int8', float: false },
  512: { bytes: 2, get: (v, o, le) => v.getUint16(o, le), name: 'uint16', float: false },
  768: { bytes: 4, get: (v, o, le) => v.getUint32(o, le), name: 'uint32', float: false },
};

/** A decoded NIfTI header with its voxel bytes (see openNifti). */
export interface OpenedNifti {
  readonly header: nifti.NIFTI1 | nifti.NIFTI2;
  readonly image: ArrayBuffer;
  readonly type: { readonly bytes: number; readonly get: Getter; readonly name: string; readonly float: boolean };
  /** The raw sform rows srow_x, srow_y, srow_z. */
  readonly srow: number[][];
}

/** Gunzips (when needed) and decodes a NIfTI header; errors name `file`. */
export function openNifti(bytes: Uint8Array, file: string, options: { readonly maxPixels?: number } = {}): OpenedNifti {
  let buf: ArrayBuffer;
  try {
    // A bound on the inflated size, so a gzip bomb cannot exhaust memory: a
    // volume of up to 1024 slices of the pixel limit, 8 bytes a voxel.
    const maxOutputLength = Math.min(2 ** 31 - 1, 1024 + (options.maxPixels ?? DEFAULT_MAX_PIXELS) * 8 * 1024);
    const raw = bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes, { maxOutputLength }) : bytes;
    buf = raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength) as ArrayBuffer;
  } catch (err) {
    throw new CutsInputError(`corrupt gzip data (${(err as Error).message})`, file, { cause: err });
  }
  if (!nifti.isNIFTI(buf)) throw new CutsInputError('not a NIfTI-1/NIfTI-2 file (bad header magic)', file);
  let header: nifti.NIFTI1 | nifti.NIFTI2;
  let image: ArrayBuffer;
  try {
    header = nifti.readHeader(buf);
    image = nifti.readImage(header, buf);
  } catch (err) {
    throw new CutsInputError(`corrupt NIfTI header (${(err as Error).message})`, file, { cause: err });
  }
  const type = TYPES[header.datatypeCode];
  if (!type)
    throw new CutsInputError(
      `unsupported NIfTI datatype code ${header.datatypeCode} (supported: ${Object.values(TYPES)
        .map((t) => t.name)
        .join(', ')})`,
      file,
    );
  // The raw sform rows (header.affine holds the qform matrix when qform wins).
  const hv = new DataView(buf);
  const isV2 = header instanceof nifti.NIFTI2;
  const srow = [0, 1, 2].map((r) =>
    [0, 1, 2, 3].map((c) =>
      isV2
        ? hv.getFloat64(400 + (r * 4 + c) * 8, header.littleEndian)
        : hv.getFloat32(280 + (r * 4 + c) * 4, header.littleEndian),
    ),
  );
  return { header, image, type, srow };
}

/** The geometry fields of NiftiSourceInfo for slice `sliceIndex` of `sliceCount`. */
export function niftiInfo(opened: OpenedNifti, file: string, sliceIndex: number, sliceCount: number): NiftiSourceInfo {
  const { header } = opened;
  return {
    file,
    dims: [...header.dims],
    pixDims: [...header.pixDims],
    datatypeCode: header.datatypeCode,
    sliceIndex,
    sliceCount,
    qformCode: header.qform_code,
    sformCode: header.sform_code,
    quatern: [header.quatern_b, header.quatern_c, header.quatern_d],
    qoffset: [header.qoffset_x, header.qoffset_y, header.qoffset_z],
    srow: opened.srow,
    xyztUnits: header.xyzt_units,
    description: header.description ?? '',
  };
}

/** Parses NIfTI bytes (gzip-compressed or not). `file` names it in errors. */
export function parseNifti(bytes: Uint8Array, file: string, options: ReadNiftiOptions = {}): NiftiSlice {
  const opened = openNifti(bytes, file, options);
  const { header, image, type } = opened;
  const ndim = header.dims[0];
  const nx = header.dims[1];
  const ny = ndim >= 2 ? header.dims[2] : 1;
  const nz = ndim >= 3 ? header.dims[3] : 1;
  for (let d = 4; d <= ndim; d++) {
    if (header.dims[d] > 1)
      throw new CutsInputError(
        `${ndim}-D NIfTI with dim[${d}] = ${header.dims[d]}: only 2D images and 3D volumes are supported`,
        file,
      );
  }
  if (![nx, ny, nz].every((n) => Number.isInteger(n) && n >= 1)) {
    throw new CutsInputError(`corrupt NIfTI header: dimensions ${nx}×${ny}×${nz}`, file);
  }
  checkPixelLimit(nx, ny, file, options.maxPixels);
  const slice = options.slice ?? Math.floor(nz / 2);
  if (!Number.isInteger(slice) || slice < 0 || slice >= nz) {
    throw new CutsInputError(`slice ${slice} is out of range: the volume has ${nz} axial slice(s)`, file);
  }
  const count = nx * ny;
  const need = count * nz * type.bytes;
  if (image.byteLength < need) {
    throw new CutsInputError(
      `truncated NIfTI data: ${nx}×${ny}×${nz} ${type.name} needs ${need} bytes, file has ${image.byteLength}`,
      file,
    );
  }
  const view = new DataView(image);
  const data = new Float64Array(count);
  const slope = header.scl_slope;
  const scaled = Number.isFinite(slope) && slope !== 0 && !(slope === 1 && header.scl_inter === 0);
  const inter = Number.isFinite(header.scl_inter) ? header.scl_inter : 0;
  const base = slice * count * type.bytes;
  for (let i = 0; i < count; i++) {
    const v = type.get(view, base + i * type.bytes, header.littleEndian);
    data[i] = scaled ? v * slope + inter : v;
  }
  const info = niftiInfo(opened, file, slice, nz);
  return { width: nx, height: ny, channels: 1, bitDepth: type.bytes * 8, isFloat: type.float, data, info };
}

/** Reads a 2D NIfTI image or one axial slice of a 3D volume. Errors name the file. */
export async function readNifti(file: string, options: ReadNiftiOptions = {}): Promise<NiftiSlice> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (err) {
    throw new CutsInputError(`cannot read file (${(err as Error).message})`, file, { cause: err });
  }
  return parseNifti(bytes, file, options);
}

/** True when a path names a NIfTI file (.nii or .nii.gz). */
export function isNiftiPath(file: string): boolean {
  return /\.nii(\.gz)?$/i.test(file);
}
