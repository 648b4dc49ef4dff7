/**
 * Groups a run's items by their source: 2D images stand alone, slice items of
 * one volume (meta.volume) go together in slice order. What the native-grid
 * stages iterate over.
 */
import { unitToMillimetres, type LoadedItemMeta, type NiftiSourceInfo, type VolumeRef } from '@cuts/data';
import type { DatasetItem } from '@cuts/core';

export interface Native2D {
  readonly kind: 'image2d';
  readonly id: string;
  readonly item: DatasetItem;
  readonly ext: '.png' | '.nii.gz';
  /** [x, y] mm per pixel, null when unknown. */
  readonly spacing: number[] | null;
  readonly nifti?: NiftiSourceInfo;
}

export interface NativeVolume {
  readonly kind: 'volume';
  readonly id: string;
  readonly ref: VolumeRef;
  /** Slice items in slice order. */
  readonly slices: readonly DatasetItem[];
}

export type NativeSource = Native2D | NativeVolume;

export function metaOf(item: DatasetItem): LoadedItemMeta | undefined {
  return item.meta as LoadedItemMeta | undefined;
}

export function nativeSources(items: readonly DatasetItem[]): NativeSource[] {
  const out: NativeSource[] = [];
  const volumes = new Map<string, { ref: VolumeRef; slices: DatasetItem[] }>();
  for (const item of items) {
    const meta = metaOf(item);
    if (meta?.volume) {
      let v = volumes.get(meta.volume.id);
      if (!v) {
        v = { ref: meta.volume, slices: [] };
        volumes.set(meta.volume.id, v);
        out.push({ kind: 'volume', id: meta.volume.id, ref: meta.volume, slices: v.slices });
      }
      v.slices.push(item);
      continue;
    }
    const nifti = meta?.format === 'nifti' ? meta.nifti : undefined;
    const spacing = nifti
      ? [1, 2].map((i) => Math.abs(nifti.pixDims[i] || 1) * unitToMillimetres(nifti.xyztUnits))
      : null;
    out.push({
      kind: 'image2d',
      id: item.id,
      item,
      ext: nifti ? '.nii.gz' : '.png',
      spacing,
      ...(nifti ? { nifti } : {}),
    });
  }
  for (const v of volumes.values())
    v.slices.sort((a, b) => (metaOf(a)!.sliceIndex ?? 0) - (metaOf(b)!.sliceIndex ?? 0));
  return out;
}
