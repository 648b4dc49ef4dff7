/**
 * NIfTI-1 bytes from the viewer: a one-slice volume for a 2D raster (so NiiVue can show PNGs
 * on their own grid) and a clicked region as a 0/1 uint8 volume on the grid of its source.
 * The header is built by nifti-reader-js (NIFTI1.toArrayBuffer), as @cuts/data does.
 */
import * as nifti from 'nifti-reader-js';
import type { Vec3, Volume } from './volume.js';

const HEADER_BYTES = 352; // 348-byte header + 4-byte empty extension flag

interface Geometry {
  dims: Vec3;
  spacing: Vec3;
  affine: number[][];
}

/** Builds a header for `geometry`, copying qform/sform fields from `like` when given. */
function header(
  g: Geometry,
  datatypeCode: number,
  bits: number,
  description: string,
  like: nifti.NIFTI1 | null,
): nifti.NIFTI1 {
  const h = new nifti.NIFTI1();
  h.littleEndian = true;
  h.dims = [g.dims[2] > 1 ? 3 : 2, g.dims[0], g.dims[1], g.dims[2], 1, 1, 1, 1];
  h.pixDims = like ? [...like.pixDims] : [1, g.spacing[0], g.spacing[1], g.spacing[2], 1, 1, 1, 1];
  h.datatypeCode = datatypeCode;
  h.numBitsPerVoxel = bits;
  h.vox_offset = HEADER_BYTES;
  h.scl_slope = 1;
  h.scl_inter = 0;
  h.cal_min = 0;
  h.cal_max = 0;
  h.xyzt_units = like ? like.xyzt_units : 2;
  h.description = description.slice(0, 79);
  h.aux_file = '';
  h.intent_name = '';
  h.magic = 'n+1';
  h.qform_code = like ? like.qform_code : 0;
  h.sform_code = like ? like.sform_code : 2;
  if (like) {
    [h.quatern_b, h.quatern_c, h.quatern_d] = [like.quatern_b, like.quatern_c, like.quatern_d];
    [h.qoffset_x, h.qoffset_y, h.qoffset_z] = [like.qoffset_x, like.qoffset_y, like.qoffset_z];
  }
  h.affine = g.affine.map((r) => [...r]);
  return h;
}

function assemble(h: nifti.NIFTI1, body: Uint8Array): Uint8Array {
  const head = new Uint8Array(h.toArrayBuffer(false)).subarray(0, HEADER_BYTES);
  const out = new Uint8Array(HEADER_BYTES + body.length);
  out.set(head, 0);
  out.fill(0, 348, HEADER_BYTES);
  out.set(body, HEADER_BYTES);
  return out;
}

/**
 * A 2D raster (rows top to bottom) as a one-slice NIfTI. Row 0 is put at the largest y so
 * that NiiVue's axial view (anterior up) shows the picture the right way up.
 */
export function rasterAffine(width: number, height: number, spacing: [number, number]): number[][] {
  const [sx, sy] = spacing;
  void width;
  return [
    [sx, 0, 0, 0],
    [0, -sy, 0, (height - 1) * sy],
    [0, 0, 1, 0],
    [0, 0, 0, 1],
  ];
}

/** NIfTI bytes for grey (uint8/uint16) or interleaved RGB (uint8) raster values. */
export function encodeRaster(
  width: number,
  height: number,
  channels: 1 | 3,
  data: Uint8Array | Uint16Array,
  spacing: [number, number] = [1, 1],
): Uint8Array {
  const g: Geometry = {
    dims: [width, height, 1],
    spacing: [spacing[0], spacing[1], 1],
    affine: rasterAffine(width, height, spacing),
  };
  if (channels === 3)
    return assemble(
      header(g, 128, 24, 'cuts-ts viewer image', null),
      new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
    );
  if (data instanceof Uint16Array) {
    const body = new Uint8Array(data.length * 2);
    const dv = new DataView(body.buffer);
    data.forEach((v, i) => dv.setUint16(2 * i, v, true));
    return assemble(header(g, 512, 16, 'cuts-ts viewer image', null), body);
  }
  return assemble(header(g, 2, 8, 'cuts-ts viewer image', null), data);
}

/** A 0/1 mask on `source`'s grid as uncompressed NIfTI-1 (uint8), with the source's qform/sform. */
export function encodeMaskLike(mask: Uint8Array, source: Volume, description = 'cuts-ts viewer selection'): Uint8Array {
  const n = source.dims[0] * source.dims[1] * source.dims[2];
  if (mask.length !== n) throw new RangeError(`mask has ${mask.length} voxels, the image ${n}`);
  return assemble(header(source, 2, 8, description, source.header), mask);
}

/** RGBA overlay values (4 bytes per voxel) on `source`'s grid as NIfTI-1 (datatype RGBA32), for NiiVue. */
export function encodeRgbaLike(rgba: Uint8Array, source: Volume): Uint8Array {
  const n = source.dims[0] * source.dims[1] * source.dims[2];
  if (rgba.length !== n * 4) throw new RangeError(`overlay has ${rgba.length / 4} voxels, the image ${n}`);
  return assemble(header(source, 2304, 32, 'cuts-ts viewer overlay', source.header), rgba);
}
