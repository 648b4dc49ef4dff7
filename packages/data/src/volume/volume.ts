/**
 * A 3D source volume (from a NIfTI file or a DICOM series) and its geometry,
 * and how it splits into 2D slices along an anatomical axis.
 *
 * Voxel order is NIfTI's: x fastest, then y, then z (index = x + nx·(y + ny·z)).
 * A slice along voxel axis `a` is read with the two other voxel axes in
 * ascending order: the lower one runs along the raster's columns, the higher one
 * along its rows (axial slices of an x, y, z volume are therefore exactly the
 * file's z-slices, column = x, row = y).
 */
import { CutsInputError } from '@cuts/core';

/** An anatomical slicing axis. */
export type SliceAxisName = 'axial' | 'coronal' | 'sagittal';
/** Every `SliceAxisName`. */
export const SLICE_AXES: readonly SliceAxisName[] = ['axial', 'coronal', 'sagittal'];

/** The header fields a NIfTI writer copies to put data on the same grid. */
export interface NiftiGeometry {
  /** pixdim[0..3]: qfac, then the voxel sizes in the header's units. */
  readonly pixDims: readonly number[];
  readonly qformCode: number;
  readonly sformCode: number;
  readonly quatern: readonly [number, number, number];
  readonly qoffset: readonly [number, number, number];
  /** sform rows srow_x, srow_y, srow_z (3 × 4). */
  readonly srow: readonly (readonly number[])[];
  readonly xyztUnits: number;
}

/** A 3D volume at its own resolution: voxels (x fastest), dims, spacing in mm and the voxel → RAS affine. */
export interface SourceVolume {
  readonly file: string;
  readonly format: 'nifti' | 'dicom';
  /** [nx, ny, nz]. */
  readonly dims: readonly [number, number, number];
  /** Voxel size in millimetres along x, y, z. */
  readonly spacing: readonly [number, number, number];
  /** Voxel (x, y, z) → world RAS millimetres (4 × 4). */
  readonly affine: readonly (readonly number[])[];
  readonly geometry: NiftiGeometry;
  /** Values after scl_slope/scl_inter (NIfTI) or RescaleSlope/Intercept (DICOM). */
  readonly data: Float32Array;
  /** Bits of the stored type (8/16/32/64). */
  readonly bitDepth: number;
  readonly isFloat: boolean;
}

/** Millimetres per header unit (NIfTI xyzt_units & 7; unknown counts as mm, as nibabel does). */
export function unitToMillimetres(xyztUnits: number): number {
  const u = xyztUnits & 7;
  return u === 1 ? 1000 : u === 3 ? 0.001 : 1;
}

/**
 * The voxel axis (0, 1, 2) closest to the world axis of `name`: sagittal ↔ L/R
 * (world x), coronal ↔ A/P (world y), axial ↔ S/I (world z). The three voxel
 * axes are matched to the three world axes together (the permutation with the
 * largest summed |cosine|), as nibabel's io_orientation does.
 */
export function sliceAxisIndex(affine: readonly (readonly number[])[], name: SliceAxisName): number {
  const world = name === 'sagittal' ? 0 : name === 'coronal' ? 1 : 2;
  const cos = [0, 1, 2].map((j) => {
    const col = [affine[0][j], affine[1][j], affine[2][j]];
    const norm = Math.hypot(col[0], col[1], col[2]) || 1;
    return col.map((c) => Math.abs(c) / norm);
  });
  const perms = [
    [0, 1, 2],
    [0, 2, 1],
    [1, 0, 2],
    [1, 2, 0],
    [2, 0, 1],
    [2, 1, 0],
  ];
  let best = perms[0];
  let bestScore = -1;
  for (const p of perms) {
    // p[w] = the voxel axis assigned to world axis w.
    const score = cos[p[0]][0] + cos[p[1]][1] + cos[p[2]][2];
    if (score > bestScore + 1e-9) {
      best = p;
      bestScore = score;
    }
  }
  return best[world];
}

/** The in-plane voxel axes of a slice along `axis`: [columns, rows]. */
export function inPlaneAxes(axis: number): [number, number] {
  const [u, v] = [0, 1, 2].filter((a) => a !== axis);
  return [u, v];
}

function strides(dims: readonly number[]): [number, number, number] {
  return [1, dims[0], dims[0] * dims[1]];
}

/** Slice `k` along voxel axis `axis` as a row-major raster (width = dims[u], height = dims[v]). */
export function extractSlice<T extends Float32Array | Uint8Array | Int32Array>(
  data: T,
  dims: readonly number[],
  axis: number,
  k: number,
): { width: number; height: number; data: T } {
  const [u, v] = inPlaneAxes(axis);
  const st = strides(dims);
  const width = dims[u];
  const height = dims[v];
  const Ctor = data.constructor as new (n: number) => T;
  const out = new Ctor(width * height);
  const base = k * st[axis];
  for (let r = 0; r < height; r++) {
    const row = base + r * st[v];
    for (let c = 0; c < width; c++) out[r * width + c] = data[row + c * st[u]];
  }
  return { width, height, data: out };
}

/** Writes a slice raster (as extractSlice reads it) back into `volume`. */
export function insertSlice(
  volume: Int32Array | Uint8Array | Float32Array,
  dims: readonly number[],
  axis: number,
  k: number,
  slice: ArrayLike<number>,
): void {
  const [u, v] = inPlaneAxes(axis);
  const st = strides(dims);
  const width = dims[u];
  const height = dims[v];
  if (slice.length !== width * height)
    throw new RangeError(`insertSlice: slice has ${slice.length} values, ${width}×${height} expected`);
  const base = k * st[axis];
  for (let r = 0; r < height; r++) {
    const row = base + r * st[v];
    for (let c = 0; c < width; c++) volume[row + c * st[u]] = slice[r * width + c];
  }
}

/** Item id of slice `k` of volume `id`: `V__s007`. */
export function sliceId(id: string, k: number): string {
  return `${id}__s${String(k).padStart(3, '0')}`;
}

/** Parses a `--slice-axis` value. */
export function parseSliceAxis(value: string, where = '--slice-axis'): SliceAxisName {
  const v = value.trim().toLowerCase() as SliceAxisName;
  if (!SLICE_AXES.includes(v))
    throw new CutsInputError(`unknown slice axis "${value}" (choose ${SLICE_AXES.join(', ')})`, where);
  return v;
}
