/** The hover read-out line: voxel, image value, region id, ground truth. */
import type { Vec3 } from './volume.js';

export interface Readout {
  voxel: Vec3;
  value: number | Vec3;
  region: number | null;
  inGroundTruth: boolean | null;
}

const num = (v: number) => (Number.isInteger(v) ? String(v) : v.toPrecision(5));

export function formatReadout(r: Readout, is3d: boolean): string {
  const where = is3d ? `voxel (${r.voxel.join(', ')})` : `pixel (${r.voxel[0]}, ${r.voxel[1]})`;
  const value = Array.isArray(r.value) ? `RGB ${r.value.join(', ')}` : num(r.value);
  const parts = [where, `value ${value}`];
  if (r.region !== null) parts.push(`region ${r.region}`);
  if (r.inGroundTruth !== null) parts.push(r.inGroundTruth ? 'inside ground truth' : 'outside ground truth');
  return parts.join(' · ');
}
