/** Fetches and decodes one item's native files (image, ground truth, label maps), cached per URL. */
import { fetchBytes, runUrl } from '../api.js';
import { decodeLabelPng, decodeMaskPng } from '../lib/png.js';
import { nativePaths, type NativeItem } from './contract.js';
import { rasterVolume } from './raster.js';
import { decodeNifti, voxelCount, type Volume } from './volume.js';

const cache = new Map<string, Promise<unknown>>();
function cached<T>(url: string, load: () => Promise<T>): Promise<T> {
  let p = cache.get(url) as Promise<T> | undefined;
  if (!p) {
    p = load();
    p.catch(() => cache.delete(url));
    cache.set(url, p);
  }
  return p;
}

const isNifti = (item: NativeItem) => item.ext === '.nii.gz';

/** The image on its own grid. */
export function loadImage(id: string, item: NativeItem): Promise<Volume> {
  const url = runUrl(...nativePaths.image(id, item));
  return cached(url, async () => {
    const bytes = await fetchBytes(url);
    const spacing =
      item.spacing && item.units === 'mm' ? ([item.spacing[0], item.spacing[1]] as [number, number]) : null;
    return isNifti(item) ? decodeNifti(bytes, url) : rasterVolume(bytes, spacing);
  });
}

function checkSize(url: string, got: number, image: Volume): void {
  if (got !== voxelCount(image))
    throw new Error(`${url}: ${got} voxels, the image has ${voxelCount(image)} (${image.dims.join('×')})`);
}

/** Labels (one integer per voxel, the image's voxel order) from a label map file. */
export function loadLabels(segments: string[], item: NativeItem, image: Volume): Promise<ArrayLike<number>> {
  const url = runUrl(...segments);
  return cached(url, async () => {
    const bytes = await fetchBytes(url);
    const data = isNifti(item) ? decodeNifti(bytes, url).data : decodeLabelPng(bytes).data;
    checkSize(url, data.length, image);
    return data;
  });
}

/** The ground truth as 0/1 per voxel (any non-zero value is foreground). */
export function loadMask(id: string, item: NativeItem, image: Volume): Promise<Uint8Array> {
  const url = runUrl(...nativePaths.mask(id, item));
  return cached(url, async () => {
    const bytes = await fetchBytes(url);
    const mask = isNifti(item)
      ? Uint8Array.from(decodeNifti(bytes, url).data, (v) => (v ? 1 : 0))
      : decodeMaskPng(bytes).data;
    checkSize(url, mask.length, image);
    return mask;
  });
}
