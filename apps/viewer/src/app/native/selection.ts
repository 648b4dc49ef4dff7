/** Click-to-segment on the native grid: the region under a voxel, its size and its Dice. */
import { dice as evalDice } from '@cuts/eval/metrics';
import type { Vec3, Volume } from './volume.js';

export interface RegionSelection {
  voxel: Vec3;
  label: number;
  /** 0/1 per voxel: every voxel carrying `label` (the whole region through the volume). */
  mask: Uint8Array;
  voxels: number;
  /** Size in mm³ (volumes) or mm² / px² (2D): voxels × the product of the spacing. */
  size: number;
  sizeUnit: string;
}

export function selectRegion(
  labels: ArrayLike<number>,
  image: Pick<Volume, 'dims' | 'spacing' | 'units'>,
  voxel: Vec3,
): RegionSelection {
  const [nx, ny, nz] = image.dims;
  const [i, j, k] = voxel;
  if (![i, j, k].every(Number.isInteger) || i < 0 || j < 0 || k < 0 || i >= nx || j >= ny || k >= nz) {
    throw new RangeError(`voxel (${i}, ${j}, ${k}) is outside the ${nx}×${ny}×${nz} grid`);
  }
  const label = labels[i + nx * (j + ny * k)];
  const mask = new Uint8Array(labels.length);
  let voxels = 0;
  for (let p = 0; p < labels.length; p++) if (labels[p] === label) (mask[p] = 1), voxels++;
  const is3d = nz > 1;
  const cell = is3d ? image.spacing[0] * image.spacing[1] * image.spacing[2] : image.spacing[0] * image.spacing[1];
  return { voxel, label, mask, voxels, size: voxels * cell, sizeUnit: `${image.units}${is3d ? '³' : '²'}` };
}

/** Dice of two 0/1 volumes, computed by @cuts/eval (the function behind metrics.csv). */
export function volumeDice(pred: Uint8Array, gt: Uint8Array): number {
  if (pred.length !== gt.length) throw new RangeError(`masks differ in size: ${pred.length} vs ${gt.length} voxels`);
  return evalDice({ width: pred.length, height: 1, data: pred }, { width: gt.length, height: 1, data: gt });
}
