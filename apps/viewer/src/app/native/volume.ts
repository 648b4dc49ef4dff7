/**
 * A decoded image on its native grid: a NIfTI volume (nz ≥ 1) or a 2D raster shown as a
 * one-slice volume. Voxel (i, j, k) is data[i + nx * (j + ny * k)] (times `channels`).
 */
import * as nifti from 'nifti-reader-js';

export type Vec3 = [number, number, number];

export interface Volume {
  dims: Vec3;
  /** Voxel size in `units` (1 when unknown). */
  spacing: Vec3;
  units: 'mm' | 'px';
  /** Voxel → world, 4×4 row-major (NIfTI sform, else qform, else scaled identity). */
  affine: number[][];
  channels: 1 | 3;
  /** Voxel values (interleaved RGB when channels = 3), scl_slope/scl_inter applied. */
  data: ArrayLike<number>;
  /** The NIfTI header the geometry came from (null for 2D rasters). */
  header: nifti.NIFTI1 | null;
  /** Uncompressed NIfTI bytes for NiiVue. */
  niftiBytes: ArrayBuffer;
}

export const voxelCount = (v: { dims: Vec3 }): number => v.dims[0] * v.dims[1] * v.dims[2];

const READERS: Record<number, [number, (dv: DataView, off: number, le: boolean) => number]> = {
  2: [1, (dv, o) => dv.getUint8(o)],
  256: [1, (dv, o) => dv.getInt8(o)],
  4: [2, (dv, o, le) => dv.getInt16(o, le)],
  512: [2, (dv, o, le) => dv.getUint16(o, le)],
  8: [4, (dv, o, le) => dv.getInt32(o, le)],
  768: [4, (dv, o, le) => dv.getUint32(o, le)],
  16: [4, (dv, o, le) => dv.getFloat32(o, le)],
  64: [8, (dv, o, le) => dv.getFloat64(o, le)],
};

/** Decodes NIfTI-1 bytes (gzip or not) with nifti-reader-js: geometry, values, and the bytes for NiiVue. */
export function decodeNifti(input: Uint8Array, name: string): Volume {
  let buf = input.buffer.slice(input.byteOffset, input.byteOffset + input.byteLength) as ArrayBuffer;
  if (nifti.isCompressed(buf)) buf = nifti.decompress(buf) as ArrayBuffer;
  if (!nifti.isNIFTI1(buf)) throw new Error(`${name}: not a NIfTI-1 file`);
  const hdr = nifti.readHeader(buf) as nifti.NIFTI1;
  const [rank, nx, ny = 1, nz = 1, nt = 1] = hdr.dims.slice(0, 5);
  if (rank > 3 && nt > 1)
    throw new Error(`${name}: ${rank}D NIfTI with ${nt} volumes; the viewer shows 2D and 3D images`);
  const dims: Vec3 = [nx, Math.max(1, ny), Math.max(1, nz)];
  const n = dims[0] * dims[1] * dims[2];
  const raw = new DataView(nifti.readImage(hdr, buf));
  let data: ArrayLike<number>;
  let channels: 1 | 3 = 1;
  if (hdr.datatypeCode === 128) {
    channels = 3;
    data = new Uint8Array(raw.buffer, raw.byteOffset, n * 3);
  } else {
    const reader = READERS[hdr.datatypeCode];
    if (!reader) throw new Error(`${name}: NIfTI datatype ${hdr.datatypeCode} is not supported by the viewer`);
    const [size, read] = reader;
    const slope = hdr.scl_slope && Number.isFinite(hdr.scl_slope) ? hdr.scl_slope : 1;
    const inter = Number.isFinite(hdr.scl_inter) ? hdr.scl_inter : 0;
    const scaled = slope !== 1 || inter !== 0;
    const out = scaled || size === 8 || hdr.datatypeCode === 16 ? new Float64Array(n) : new Int32Array(n);
    for (let i = 0; i < n; i++) out[i] = read(raw, i * size, hdr.littleEndian) * slope + inter;
    data = out;
  }
  const spacing: Vec3 = [Math.abs(hdr.pixDims[1] || 1), Math.abs(hdr.pixDims[2] || 1), Math.abs(hdr.pixDims[3] || 1)];
  const affine =
    hdr.sform_code > 0
      ? hdr.affine.map((r) => [...r])
      : hdr.qform_code > 0
        ? hdr.getQformMat().map((r) => [...r])
        : [
            [spacing[0], 0, 0, 0],
            [0, spacing[1], 0, 0],
            [0, 0, spacing[2], 0],
            [0, 0, 0, 1],
          ];
  // NIfTI spatial units are millimetres by convention (xyzt_units 2, or 0 = unspecified)
  return { dims, spacing, units: 'mm', affine, channels, data, header: hdr, niftiBytes: buf };
}

/** The voxel value at (i, j, k): a number, or [r, g, b] for colour images. */
export function valueAt(v: Volume, [i, j, k]: Vec3): number | Vec3 {
  const idx = i + v.dims[0] * (j + v.dims[1] * k);
  if (v.channels === 3) return [v.data[idx * 3], v.data[idx * 3 + 1], v.data[idx * 3 + 2]];
  return v.data[idx];
}

/** Which voxel axis (0 = i, 1 = j, 2 = k) runs closest to world axis `world` (0 = x/sagittal normal, 1 = y/coronal, 2 = z/axial). */
export function voxelAxisAlong(affine: number[][], world: 0 | 1 | 2): 0 | 1 | 2 {
  let best: 0 | 1 | 2 = 0;
  let bestScore = -1;
  for (const c of [0, 1, 2] as const) {
    const col = [affine[0][c], affine[1][c], affine[2][c]];
    const score = Math.abs(col[world]) / (Math.hypot(...col) || 1);
    if (score > bestScore) [best, bestScore] = [c, score];
  }
  return best;
}
