/**
 * `@cuts/data`: dataset discovery (images + optional masks paired by name),
 * decoding (PNG/JPEG/TIFF via sharp, NIfTI, `.npy`, DICOM series),
 * preprocessing to the model input, the CUTS patch sampler, the synthetic demo
 * set, and atomic writers for results. Codec internals, header parsing and
 * the resampling kernels are internal.
 *
 * @packageDocumentation
 */

// Datasets
export { loadDataset, loadEntry, type LoadDatasetOptions, type LoadedItemMeta } from './dataset/load.js';
export { BUILTIN_PAIRING_RULES, discoverDataset, type DatasetEntry, type Discovery } from './dataset/pairing.js';
export { summarizeDataset, type DatasetSummary } from './dataset/summary.js';
export {
  IMAGE_EXTENSIONS,
  readSourceImage,
  readSourceMask,
  type ReadSourceOptions,
  type SourceImage,
} from './dataset/read-source.js';
export { readVolumeMask, readVolumeSource, type VolumeLoadOptions, type VolumeRef } from './dataset/load-volume.js';

// The synthetic demo dataset
export { generateDemoDataset, type DemoImage, type DemoOptions } from './demo/generate.js';
export { writeDemoDataset, type WriteDemoOptions, type WrittenDemo } from './demo/write.js';

// Reading and writing files
export { fileSystemError, writeFileAtomic } from './io/atomic-write.js';
export { DEFAULT_MAX_PIXELS, readRasterImage, type RasterImage, type ReadRasterOptions } from './io/raster.js';
export {
  isNiftiPath,
  readNifti,
  type NiftiSlice,
  type NiftiSourceInfo,
  type ReadNiftiOptions,
} from './io/nifti-read.js';
export { writeNiftiLike } from './io/nifti-write.js';
export { encodeNpy, parseNpy, readNpy, writeNpy, type NpyArray, type NpyData, type NpyDtype } from './io/npy.js';
export { writeImagePng, writeLabelMapPng, writeMaskPng, writeRgbPng, writeSourcePng } from './io/png-write.js';

// Preprocessing to the model input and back
export {
  preprocessImage,
  preprocessMask,
  type PreprocessedImage,
  type PreprocessOptions,
  type SourceRaster,
} from './preprocess/preprocess.js';
export type { IntensityMode } from './preprocess/intensity.js';
export { labelMapToOriginal, maskToOriginal, padInto } from './preprocess/geometry.js';
export { resizeBicubic, resizeNearest } from './preprocess/resize.js';
export { replaceNonFinite, type NonFiniteResult } from './preprocess/non-finite.js';

// The CUTS patch sampler
export {
  defaultPatchSamplerOptions,
  samplePositions,
  type PatchSamplerOptions,
  type PositionSample,
} from './patches/sampler.js';
export { buildWindowBatch, type WindowBatch, type WindowBatchOptions } from './patches/windows.js';
export { duplicatePairs } from './patches/duplicates.js';
export { buildAugmentations, type PatchAugmentation } from './patches/augment.js';

// Volumes (NIfTI) and DICOM series
export {
  extractSlice,
  insertSlice,
  parseSliceAxis,
  SLICE_AXES,
  sliceAxisIndex,
  sliceId,
  unitToMillimetres,
  type NiftiGeometry,
  type SliceAxisName,
  type SourceVolume,
} from './volume/volume.js';
export { sliceGeometry } from './volume/affine-geometry.js';
export { readNiftiVolume, type ReadNiftiVolumeOptions } from './volume/nifti-volume-read.js';
export { writeNiftiVolume, type NiftiVolumeToWrite } from './volume/nifti-volume-write.js';
export {
  findDicomSeries,
  isDicomFolder,
  readDicomSeries,
  type DicomSeriesEntry,
  type DicomSeriesInfo,
  type DicomVolume,
  type ReadDicomSeriesOptions,
} from './dicom/dicom-series.js';
export { assertReadableTransferSyntax } from './dicom/transfer-syntax.js';
export { writeDicomSeg, type DicomSegInput } from './dicom/dicom-seg-write.js';
