/**
 * Exact squared Euclidean distance transform on a 2D or 3D grid with
 * anisotropic spacing (millimetres per voxel along each axis), by the same
 * lower-envelope-of-parabolas pass as metrics/edt.ts (Felzenszwalb &
 * Huttenlocher 2012) run once per axis with the axis' squared spacing as weight.
 * Hand-written for the same reason as edt.ts; browser-safe.
 *
 * Grids are flat arrays with axis 0 fastest (NIfTI order: x, then y, then z).
 */

/** dims[0] fastest. */
export interface NativeGrid {
  readonly dims: readonly number[];
  /** Millimetres per voxel along each axis; null = unknown (distances in voxels, units px). */
  readonly spacing: readonly number[] | null;
}

export function gridSize(dims: readonly number[]): number {
  return dims.reduce((a, b) => a * b, 1);
}

function transform1d(
  f: Float64Array,
  out: Float64Array,
  offset: number,
  stride: number,
  n: number,
  w: number,
  v: Int32Array,
  z: Float64Array,
): void {
  let k = -1;
  for (let q = 0; q < n; q++) {
    const fq = f[offset + q * stride];
    if (fq === Infinity) continue;
    if (k < 0) {
      k = 0;
      v[0] = q;
      z[0] = -Infinity;
      z[1] = Infinity;
      continue;
    }
    const hq = fq + w * q * q;
    let s = 0;
    for (;;) {
      const p = v[k];
      s = (hq - (f[offset + p * stride] + w * p * p)) / (2 * w * (q - p));
      if (s <= z[k]) {
        k--;
        if (k < 0) break;
        continue;
      }
      break;
    }
    k++;
    v[k] = q;
    z[k] = k === 0 ? -Infinity : s;
    z[k + 1] = Infinity;
  }
  if (k < 0) {
    for (let q = 0; q < n; q++) out[offset + q * stride] = Infinity;
    return;
  }
  k = 0;
  for (let q = 0; q < n; q++) {
    while (z[k + 1] < q) k++;
    const p = v[k];
    const d = q - p;
    out[offset + q * stride] = w * d * d + f[offset + p * stride];
  }
}

/**
 * Squared distance (in mm², or voxels² without spacing) from every voxel to the
 * nearest voxel whose `sites` value is non-zero; Infinity everywhere without a site.
 */
export function squaredDistanceToSitesNd(sites: ArrayLike<number>, grid: NativeGrid): Float64Array {
  const { dims } = grid;
  const n = gridSize(dims);
  let cur = new Float64Array(n);
  for (let i = 0; i < n; i++) cur[i] = sites[i] !== 0 ? 0 : Infinity;
  let next = new Float64Array(n);
  const len = Math.max(...dims);
  const v = new Int32Array(len);
  const z = new Float64Array(len + 1);
  let stride = 1;
  for (let a = 0; a < dims.length; a++) {
    const w = grid.spacing ? grid.spacing[a] ** 2 : 1;
    const na = dims[a];
    const outer = n / (na * stride);
    for (let o = 0; o < outer; o++) {
      for (let i = 0; i < stride; i++) transform1d(cur, next, o * na * stride + i, stride, na, w, v, z);
    }
    [cur, next] = [next, cur];
    stride *= na;
  }
  return cur;
}
