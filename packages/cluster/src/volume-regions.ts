/**
 * Region ids consistent through a volume clustered slice by slice.
 *
 * Each slice's regions (one id per connected region after per-slice
 * clustering) are linked to the region of the neighbouring slice they overlap
 * with IoU > 0.5. IoU > 0.5 can hold for at most one partner on each side
 * (two disjoint regions cannot both cover more than half of a third's union),
 * so linking is a one-to-one matching between neighbouring slices: every
 * volume id is a chain of at most one region per slice, each overlapping the
 * next in-plane, hence one 3D-connected region. Regions of one slice never
 * merge. Ids are renumbered 0, 1, 2, … in order of first appearance (slice 0
 * first, raster order within a slice).
 */

export interface LinkSlicesOptions {
  /** Regions of neighbouring slices with IoU above this are one volume region (default 0.5, the smallest that keeps the matching one-to-one). */
  readonly minIoU?: number;
}

class UnionFind {
  private readonly parent: Int32Array;
  constructor(n: number) {
    this.parent = Int32Array.from({ length: n }, (_, i) => i);
  }
  find(i: number): number {
    let r = i;
    while (this.parent[r] !== r) r = this.parent[r];
    while (this.parent[i] !== r) {
      const next = this.parent[i];
      this.parent[i] = r;
      i = next;
    }
    return r;
  }
  union(a: number, b: number): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent[Math.max(ra, rb)] = Math.min(ra, rb);
  }
}

/**
 * Relabels per-slice label maps (equal length, slice order) so each id names
 * one region through the volume. Returns new arrays; inputs are not changed.
 */
export function linkSliceRegions(slices: readonly Int32Array[], options: LinkSlicesOptions = {}): Int32Array[] {
  const minIoU = options.minIoU ?? 0.5;
  if (slices.length === 0) return [];
  const n = slices[0].length;
  for (const s of slices)
    if (s.length !== n) throw new RangeError(`linkSliceRegions: slices hold ${s.length} and ${n} labels`);
  // Node index per (slice, label) and region sizes.
  const nodeOf: Map<number, number>[] = [];
  const sizes: number[] = [];
  let nodes = 0;
  for (const s of slices) {
    const m = new Map<number, number>();
    for (let i = 0; i < n; i++) {
      let node = m.get(s[i]);
      if (node === undefined) {
        node = nodes++;
        m.set(s[i], node);
        sizes.push(0);
      }
      sizes[node]++;
    }
    nodeOf.push(m);
  }
  const uf = new UnionFind(nodes);
  for (let k = 0; k + 1 < slices.length; k++) {
    const a = slices[k];
    const b = slices[k + 1];
    const overlap = new Map<number, number>();
    const ma = nodeOf[k];
    const mb = nodeOf[k + 1];
    for (let i = 0; i < n; i++) {
      const key = ma.get(a[i])! * nodes + mb.get(b[i])!;
      overlap.set(key, (overlap.get(key) ?? 0) + 1);
    }
    for (const [key, inter] of overlap) {
      const na = Math.floor(key / nodes);
      const nb = key - na * nodes;
      const iou = inter / (sizes[na] + sizes[nb] - inter);
      if (iou > minIoU) uf.union(na, nb);
    }
  }
  const ids = new Int32Array(nodes).fill(-1);
  let next = 0;
  return slices.map((s, k) => {
    const out = new Int32Array(n);
    const m = nodeOf[k];
    for (let i = 0; i < n; i++) {
      const root = uf.find(m.get(s[i])!);
      if (ids[root] < 0) ids[root] = next++;
      out[i] = ids[root];
    }
    return out;
  });
}
