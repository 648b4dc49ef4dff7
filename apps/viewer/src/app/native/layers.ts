/**
 * RGBA overlay volumes (4 bytes per voxel, the voxel order of the image) that NiiVue draws
 * over the image: the label map (fill or outline, hidden labels left out) and the
 * annotation layer (ground truth as an outline, the clicked region). Outlines are drawn in
 * the viewing plane: a voxel is on an edge when a neighbour along one of the two in-plane
 * voxel axes differs.
 */
import type { Rgb } from './region-colours.js';
import type { Vec3 } from './volume.js';

export type ViewPlane = 'axial' | 'coronal' | 'sagittal';
/** World axis normal to each viewing plane (0 = x, 1 = y, 2 = z). */
export const PLANE_NORMAL: Record<ViewPlane, 0 | 1 | 2> = { sagittal: 0, coronal: 1, axial: 2 };

/** Voxel axis normal to the viewing plane: 0 = i, 1 = j, 2 = k. */
export type NormalAxis = 0 | 1 | 2;

/** 1 where a voxel differs from an in-plane 4-neighbour (the image border is not an edge). */
export function planeBoundary(labels: ArrayLike<number>, dims: Vec3, normal: NormalAxis): Uint8Array {
  const [nx, ny, nz] = dims;
  const out = new Uint8Array(nx * ny * nz);
  const strides = [1, nx, nx * ny];
  const sizes = [nx, ny, nz];
  // mark both voxels of every differing neighbour pair along each in-plane axis
  for (const a of [0, 1, 2] as const) {
    if (a === normal || sizes[a] < 2) continue;
    const s = strides[a];
    for (let k = 0; k < nz; k++) {
      for (let j = 0; j < ny; j++) {
        const row = nx * (j + ny * k);
        for (let i = 0; i < nx; i++) {
          const c = a === 0 ? i : a === 1 ? j : k;
          if (c === sizes[a] - 1) continue;
          const p = row + i;
          if (labels[p] !== labels[p + s]) out[p] = out[p + s] = 1;
        }
      }
    }
  }
  return out;
}

export interface LabelLayerOptions {
  colours: ReadonlyMap<number, Rgb>;
  hidden?: ReadonlySet<number>;
  mode: 'fill' | 'outline';
  normal: NormalAxis;
}

/** The label map as RGBA: opaque colour per label (opacity is the layer's, set in NiiVue). */
export function labelLayer(labels: ArrayLike<number>, dims: Vec3, opts: LabelLayerOptions): Uint8Array {
  const n = labels.length;
  const out = new Uint8Array(n * 4);
  const edge = opts.mode === 'outline' ? planeBoundary(labels, dims, opts.normal) : null;
  for (let p = 0; p < n; p++) {
    const v = labels[p];
    if ((edge && !edge[p]) || opts.hidden?.has(v)) continue;
    const c = opts.colours.get(v);
    if (!c) continue;
    out[p * 4] = c[0];
    out[p * 4 + 1] = c[1];
    out[p * 4 + 2] = c[2];
    out[p * 4 + 3] = 255;
  }
  return out;
}

export const GT_COLOUR: Rgb = [255, 255, 255];
export const SELECTION_COLOUR: Rgb = [255, 230, 0];

/** Ground truth as an outline (white) and the selected region (yellow edge, light tint); either may be null. */
export function annotationLayer(
  dims: Vec3,
  normal: NormalAxis,
  gt: Uint8Array | null,
  selection: Uint8Array | null,
): Uint8Array {
  const n = dims[0] * dims[1] * dims[2];
  const out = new Uint8Array(n * 4);
  const put = (p: number, c: Rgb, a: number) => {
    out[p * 4] = c[0];
    out[p * 4 + 1] = c[1];
    out[p * 4 + 2] = c[2];
    out[p * 4 + 3] = a;
  };
  if (selection) {
    const edge = planeBoundary(selection, dims, normal);
    for (let p = 0; p < n; p++) if (selection[p]) put(p, SELECTION_COLOUR, edge[p] ? 255 : 70);
  }
  if (gt) {
    const edge = planeBoundary(gt, dims, normal);
    for (let p = 0; p < n; p++) if (gt[p] && edge[p]) put(p, GT_COLOUR, 255);
  }
  return out;
}
