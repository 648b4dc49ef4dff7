/**
 * Volumes (3D NIfTI files, DICOM series) as dataset items: one item per 2D
 * slice along the chosen anatomical axis, id `<volume>__s007`. Each slice
 * item's meta.volume points back to its volume (a VolumeRef shared by all its
 * slices, no voxel data), from which the run writes native outputs by
 * re-reading the source one volume at a time.
 *
 * Intensity (mode `auto`): 8-bit volumes x/255 as images are; other depths are
 * min–max scaled over the whole volume (not per slice), so every slice of a
 * volume shares one intensity scale.
 */
import { CutsInputError, type DatasetItem, type Mask } from '@cuts/core';
import { createMask } from '@cuts/core';
import { readDicomSeries } from '../dicom/dicom-series.js';
import type { IntensityMode } from '../preprocess/intensity.js';
import { preprocessImage, preprocessMask } from '../preprocess/preprocess.js';
import { readNiftiVolume } from '../volume/nifti-volume-read.js';
import { extractSlice, sliceAxisIndex, sliceId, type SliceAxisName, type SourceVolume } from '../volume/volume.js';

/** Where a volume came from and how it was sliced (meta.volume of its slice items). */
export interface VolumeRef {
  readonly id: string;
  readonly format: 'nifti' | 'dicom';
  /** The NIfTI file, or the DICOM series' folder. */
  readonly source: string;
  /** DICOM: the series' files. */
  readonly files?: readonly string[];
  readonly maskPath?: string;
  readonly volumeIndex?: number;
  readonly sliceAxis: SliceAxisName;
  /** The voxel axis sliced along (0 = x, 1 = y, 2 = z). */
  readonly axis: number;
  readonly dims: readonly [number, number, number];
  /** Voxel size in mm along x, y, z. */
  readonly spacing: readonly [number, number, number];
  /** Slice item ids in slice order. */
  readonly sliceIds: readonly string[];
}

/** Options for turning a volume into slice items (model size, intensity rule, slice axis, 4D volume index). */
export interface VolumeLoadOptions {
  readonly imageSize?: number;
  readonly intensity?: IntensityMode;
  readonly sliceAxis?: SliceAxisName;
  readonly volumeIndex?: number;
}

/** Re-reads a volume's voxels (for native outputs). */
export async function readVolumeSource(
  ref: Pick<VolumeRef, 'format' | 'source' | 'files' | 'volumeIndex'>,
  warn?: (m: string) => void,
): Promise<SourceVolume> {
  if (ref.format === 'dicom') return readDicomSeries(ref.files ?? [], { warn });
  return readNiftiVolume(ref.source, { volumeIndex: ref.volumeIndex });
}

/** Reads a volume's mask (any non-zero voxel is foreground) and checks it lies on the volume's grid. */
export async function readVolumeMask(
  maskPath: string,
  volume: SourceVolume,
  volumeIndex?: number,
): Promise<Uint8Array> {
  const m = await readNiftiVolume(maskPath, { volumeIndex });
  if (m.dims.some((d, i) => d !== volume.dims[i])) {
    throw new CutsInputError(
      `mask is ${m.dims.join('×')} but its volume ${volume.file} is ${volume.dims.join('×')}`,
      maskPath,
    );
  }
  const out = new Uint8Array(m.data.length);
  for (let i = 0; i < out.length; i++) out[i] = m.data[i] !== 0 ? 1 : 0;
  return out;
}

function volumeScale(volume: SourceVolume, mode: IntensityMode): { data: ArrayLike<number>; bitDepth: number } {
  if (mode !== 'auto' || (volume.bitDepth === 8 && !volume.isFloat))
    return { data: volume.data, bitDepth: volume.bitDepth };
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of volume.data) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const range = hi - lo;
  const scaled = new Float32Array(volume.data.length);
  if (range > 0) for (let i = 0; i < scaled.length; i++) scaled[i] = ((volume.data[i] - lo) / range) * 255;
  return { data: scaled, bitDepth: 8 };
}

/** Splits a loaded volume (and its mask) into model-input slice items. */
export function volumeToItems(
  id: string,
  volume: SourceVolume,
  mask: Uint8Array | undefined,
  base: Omit<VolumeRef, 'id' | 'axis' | 'dims' | 'spacing' | 'sliceIds' | 'sliceAxis'> & { rule: string },
  options: VolumeLoadOptions = {},
): DatasetItem[] {
  const sliceAxis = options.sliceAxis ?? 'axial';
  const axis = sliceAxisIndex(volume.affine, sliceAxis);
  const count = volume.dims[axis];
  const sliceIds = Array.from({ length: count }, (_, k) => sliceId(id, k));
  const { rule, ...rest } = base;
  const ref: VolumeRef = { ...rest, id, sliceAxis, axis, dims: volume.dims, spacing: volume.spacing, sliceIds };
  const size = options.imageSize ?? 128;
  const scaled = volumeScale(volume, options.intensity ?? 'auto');
  const values = scaled.data instanceof Float32Array ? scaled.data : Float32Array.from(scaled.data);
  const items: DatasetItem[] = [];
  for (let k = 0; k < count; k++) {
    const slice = extractSlice(values, volume.dims, axis, k);
    const pre = preprocessImage(
      { height: slice.height, width: slice.width, channels: 1, bitDepth: scaled.bitDepth, data: slice.data },
      { imageSize: size, intensity: options.intensity },
    );
    let itemMask: Mask | undefined;
    let maskForeground: number | undefined;
    if (mask) {
      const m = extractSlice(mask, volume.dims, axis, k);
      let fg = 0;
      for (let i = 0; i < m.data.length; i++) fg += m.data[i];
      maskForeground = fg / m.data.length;
      itemMask = preprocessMask(createMask(m.height, m.width, m.data), pre.resize, size);
    }
    items.push({
      id: sliceIds[k],
      imagePath: volume.file,
      ...(base.maskPath ? { maskPath: base.maskPath } : {}),
      image: pre.image,
      ...(itemMask ? { mask: itemMask } : {}),
      resize: pre.resize,
      meta: {
        format: volume.format,
        bitDepth: volume.bitDepth,
        channels: 1,
        intensity: pre.intensity,
        rule,
        ...(maskForeground !== undefined ? { maskForeground } : {}),
        volume: ref,
        sliceIndex: k,
      },
    });
  }
  return items;
}
