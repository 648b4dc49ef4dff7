/**
 * Paths of the native-grid part of a run folder (the run-folder contract of
 * issue 17, documented in the README; the layout itself is `@cuts/run-folder`'s `runPaths`):
 *
 *   native/index.json                                   one entry per source image or volume
 *   images_native/<id><ext>                             the source on its own grid
 *   masks_native/<id><ext>                              its ground truth (0/1 NIfTI, 0/255 PNG)
 *   labels_native/<method>/<id><ext>                    label map / 3D label volume
 *   labels_native/<method>/<id>.seg.dcm                 DICOM SEG (DICOM sources)
 *   labels_native/diffusion_levels/<id>/<k><ext>        levels k = 0 … L−1, coarse → fine
 *   labels_native/diffusion_levels/index.json           {"<id>": L}
 */
import { RUN_FILES, runPaths } from '@cuts/run-folder';
import type { RunDir } from './run-dir.js';

export function nativeIndexFile(runDir: RunDir): string {
  return runDir.at(RUN_FILES.nativeIndex);
}
export function nativeImage(runDir: RunDir, id: string, ext: string): string {
  return runDir.at(runPaths.nativeImage(id, ext));
}
export function nativeMask(runDir: RunDir, id: string, ext: string): string {
  return runDir.at(runPaths.nativeMask(id, ext));
}
export function nativeSeg(runDir: RunDir, method: string, id: string): string {
  return runDir.at(runPaths.nativeSeg(method, id));
}
export function nativeLevel(runDir: RunDir, id: string, k: number, ext: string): string {
  return runDir.at(runPaths.nativeLevel(id, k, ext));
}

/** One entry of native/index.json. */
export interface NativeIndexEntry {
  readonly kind: 'image2d' | 'volume';
  readonly format: 'png' | 'nifti' | 'dicom';
  readonly ext: '.png' | '.nii.gz';
  readonly dims: number[];
  /** Millimetres per pixel/voxel; null = unknown (distances in px). */
  readonly spacing: number[] | null;
  readonly units: 'mm' | 'px';
  readonly channels: number;
  readonly sliceAxis?: 'axial' | 'coronal' | 'sagittal';
  readonly slices?: string[];
  readonly hasMask: boolean;
}

export interface NativeIndex {
  readonly schema: 1;
  readonly items: Record<string, NativeIndexEntry>;
}
