/**
 * Reads a whole 3D NIfTI volume (or one volume of a 4D file) with its
 * geometry. nifti-reader-js decodes the header; the voxel loop is ours.
 */
import { readFile } from 'node:fs/promises';
import * as nifti from 'nifti-reader-js';
import { CutsInputError } from '@cuts/core';
import { openNifti, type OpenedNifti } from '../io/nifti-read.js';
import { unitToMillimetres, type NiftiGeometry, type SourceVolume } from './volume.js';

/** Options of `readNiftiVolume`. */
export interface ReadNiftiVolumeOptions {
  /** Which volume of a 4D file (required when dim[4] > 1). */
  readonly volumeIndex?: number;
}

/** The voxel → world matrix a reader would use: sform when set, else qform, else the voxel sizes. */
export function niftiAffine(g: NiftiGeometry): number[][] {
  if (g.sformCode > 0) return [...g.srow.map((r) => [...r]), [0, 0, 0, 1]];
  if (g.qformCode > 0) {
    const qfac = g.pixDims[0] === -1 ? -1 : 1;
    const h = new nifti.NIFTI1();
    const m = h.convertNiftiQFormToNiftiSForm(
      ...g.quatern,
      ...g.qoffset,
      g.pixDims[1],
      g.pixDims[2],
      g.pixDims[3],
      qfac,
    );
    return [m[0], m[1], m[2], [0, 0, 0, 1]].map((r) => [...r]);
  }
  return [
    [g.pixDims[1] || 1, 0, 0, 0],
    [0, g.pixDims[2] || 1, 0, 0],
    [0, 0, g.pixDims[3] || 1, 0],
    [0, 0, 0, 1],
  ];
}

export function geometryOf(opened: OpenedNifti): NiftiGeometry {
  const h = opened.header;
  return {
    pixDims: [...h.pixDims],
    qformCode: h.qform_code,
    sformCode: h.sform_code,
    quatern: [h.quatern_b, h.quatern_c, h.quatern_d],
    qoffset: [h.qoffset_x, h.qoffset_y, h.qoffset_z],
    srow: opened.srow,
    xyztUnits: h.xyzt_units,
  };
}

/** Voxel count along x, y, z and the number of volumes (dim[4], 1 when absent). */
export function niftiShape(opened: OpenedNifti): { dims: [number, number, number]; volumes: number } {
  const d = opened.header.dims;
  const ndim = d[0];
  const at = (i: number) => (ndim >= i ? Math.max(1, d[i]) : 1);
  return { dims: [at(1), at(2), at(3)], volumes: at(4) * at(5) * at(6) * at(7) };
}

export function parseNiftiVolume(bytes: Uint8Array, file: string, options: ReadNiftiVolumeOptions = {}): SourceVolume {
  const opened = openNifti(bytes, file);
  const { header, image, type } = opened;
  const { dims, volumes } = niftiShape(opened);
  let t = 0;
  if (volumes > 1) {
    if (options.volumeIndex === undefined) {
      throw new CutsInputError(
        `4-D NIfTI with ${volumes} volumes: choose one with --volume-index <0…${volumes - 1}>`,
        file,
      );
    }
    t = options.volumeIndex;
  }
  if (!Number.isInteger(t) || t < 0 || t >= volumes) {
    throw new CutsInputError(`--volume-index ${t} is out of range: the file has ${volumes} volume(s)`, file);
  }
  const count = dims[0] * dims[1] * dims[2];
  const need = count * volumes * type.bytes;
  if (image.byteLength < need) {
    throw new CutsInputError(
      `truncated NIfTI data: ${dims.join('×')}×${volumes} ${type.name} needs ${need} bytes, file has ${image.byteLength}`,
      file,
    );
  }
  const view = new DataView(image);
  const data = new Float32Array(count);
  const slope = header.scl_slope;
  const scaled = Number.isFinite(slope) && slope !== 0 && !(slope === 1 && header.scl_inter === 0);
  const inter = Number.isFinite(header.scl_inter) ? header.scl_inter : 0;
  const base = t * count * type.bytes;
  for (let i = 0; i < count; i++) {
    const v = type.get(view, base + i * type.bytes, header.littleEndian);
    data[i] = scaled ? v * slope + inter : v;
  }
  const geometry = geometryOf(opened);
  const mm = unitToMillimetres(geometry.xyztUnits);
  const spacing = [1, 2, 3].map((i) => Math.abs(geometry.pixDims[i] || 1) * mm) as [number, number, number];
  return {
    file,
    format: 'nifti',
    dims,
    spacing,
    affine: niftiAffine(geometry),
    geometry,
    data,
    bitDepth: type.bytes * 8,
    isFloat: type.float,
  };
}

/** Reads a NIfTI file as a 3D volume (a 2D image is a volume with nz = 1). Errors name the file. */
export async function readNiftiVolume(file: string, options: ReadNiftiVolumeOptions = {}): Promise<SourceVolume> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (err) {
    throw new CutsInputError(`cannot read file (${(err as Error).message})`, file, { cause: err });
  }
  return parseNiftiVolume(bytes, file, options);
}
