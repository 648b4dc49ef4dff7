/// <reference path="./dcmjs.d.ts" />
/**
 * A label volume on a DICOM series' grid as a binary DICOM Segmentation
 * (SEG IOD, PS3.3 A.51): one segment per label id, one 1-bit frame per segment
 * and slice where the segment is present, every frame referencing its source
 * image, the series referenced in ReferencedSeriesSequence, patient and study
 * copied from the source. dcmjs encodes the dataset (Explicit VR Little Endian).
 */
import dcmjs from 'dcmjs';
import { writeFileAtomic } from '../io/atomic-write.js';
import type { DicomSeriesInfo } from './dicom-series.js';

const SEG_SOP_CLASS = '1.2.840.10008.5.1.4.1.1.66.4';
const EXPLICIT_LE = '1.2.840.10008.1.2.1';

/** What `writeDicomSeg` writes: label ids on the series grid, and the series they refer to. */
export interface DicomSegInput {
  /** Label ids on the series grid: x (column) fastest, then row, then slice in series order. */
  readonly labels: Int32Array;
  readonly dims: readonly [number, number, number];
  readonly series: DicomSeriesInfo;
  /** SeriesDescription of the SEG. */
  readonly description: string;
  /** Segment label prefix (default "region"). */
  readonly labelPrefix?: string;
}

const COPIED = [
  'PatientName',
  'PatientID',
  'PatientBirthDate',
  'PatientSex',
  'StudyInstanceUID',
  'StudyDate',
  'StudyTime',
  'StudyID',
  'AccessionNumber',
  'ReferringPhysicianName',
  'StudyDescription',
];

function dateTime(now: Date): { date: string; time: string } {
  const iso = now.toISOString();
  return { date: iso.slice(0, 10).replace(/-/g, ''), time: iso.slice(11, 19).replace(/:/g, '') };
}

const tissue = () => [{ CodeValue: '85756007', CodingSchemeDesignator: 'SCT', CodeMeaning: 'Tissue' }];

/** The SEG as bytes. */
export function encodeDicomSeg(input: DicomSegInput, now = new Date()): Uint8Array {
  const [nx, ny, nz] = input.dims;
  const s = input.series;
  if (s.slices.length !== nz)
    throw new RangeError(`encodeDicomSeg: ${nz} slices but the series has ${s.slices.length}`);
  const plane = nx * ny;
  // Which labels occur on which slices.
  const present = new Map<number, Set<number>>();
  for (let k = 0; k < nz; k++) {
    for (let i = k * plane; i < (k + 1) * plane; i++) {
      const l = input.labels[i];
      let set = present.get(l);
      if (!set) present.set(l, (set = new Set()));
      set.add(k);
    }
  }
  const labels = [...present.keys()].sort((a, b) => a - b);
  const frames: { segment: number; label: number; k: number }[] = [];
  labels.forEach((label, i) => {
    for (const k of [...present.get(label)!].sort((a, b) => a - b)) frames.push({ segment: i + 1, label, k });
  });
  const packed = new Uint8Array(Math.ceil((frames.length * plane) / 8));
  frames.forEach((f, n) => {
    const off = n * plane;
    for (let p = 0; p < plane; p++) {
      if (input.labels[f.k * plane + p] === f.label) {
        const bit = off + p;
        packed[bit >> 3] |= 1 << (bit & 7);
      }
    }
  });
  const { date, time } = dateTime(now);
  const uid = dcmjs.data.DicomMetaDictionary.uid;
  const sopInstanceUID = uid();
  const src = s.dataset;
  const ds: Record<string, unknown> = {
    SOPClassUID: SEG_SOP_CLASS,
    SOPInstanceUID: sopInstanceUID,
    SeriesInstanceUID: uid(),
    Modality: 'SEG',
    SeriesNumber: 300,
    InstanceNumber: 1,
    SeriesDescription: input.description.slice(0, 64),
    SeriesDate: date,
    SeriesTime: time,
    ContentDate: date,
    ContentTime: time,
    ContentLabel: 'CUTS',
    ContentDescription: input.description.slice(0, 64),
    ContentCreatorName: 'cuts-ts',
    Manufacturer: 'cuts-ts',
    ManufacturerModelName: 'cuts-ts',
    DeviceSerialNumber: '1',
    SoftwareVersions: '0.1',
    FrameOfReferenceUID: s.frameOfReferenceUID,
    PositionReferenceIndicator: '',
    ImageType: ['DERIVED', 'PRIMARY'],
    SegmentationType: 'BINARY',
    SamplesPerPixel: 1,
    PhotometricInterpretation: 'MONOCHROME2',
    Rows: ny,
    Columns: nx,
    BitsAllocated: 1,
    BitsStored: 1,
    HighBit: 0,
    PixelRepresentation: 0,
    LossyImageCompression: '00',
    NumberOfFrames: frames.length,
    DimensionOrganizationSequence: [{ DimensionOrganizationUID: uid() }],
    DimensionIndexSequence: [
      {
        DimensionIndexPointer: 0x0062000b,
        FunctionalGroupPointer: 0x0062000a,
        DimensionDescriptionLabel: 'ReferencedSegmentNumber',
      },
      {
        DimensionIndexPointer: 0x00200032,
        FunctionalGroupPointer: 0x00209113,
        DimensionDescriptionLabel: 'ImagePositionPatient',
      },
    ],
    SegmentSequence: labels.map((label, i) => ({
      SegmentNumber: i + 1,
      SegmentLabel: `${input.labelPrefix ?? 'region'} ${label}`,
      SegmentAlgorithmType: 'AUTOMATIC',
      SegmentAlgorithmName: 'CUTS',
      SegmentedPropertyCategoryCodeSequence: tissue(),
      SegmentedPropertyTypeCodeSequence: tissue(),
    })),
    SharedFunctionalGroupsSequence: [
      {
        PlaneOrientationSequence: [{ ImageOrientationPatient: [...s.imageOrientation] }],
        PixelMeasuresSequence: [
          { PixelSpacing: [...s.pixelSpacing], SliceThickness: s.sliceSpacing, SpacingBetweenSlices: s.sliceSpacing },
        ],
      },
    ],
    PerFrameFunctionalGroupsSequence: frames.map((f) => ({
      DerivationImageSequence: [
        {
          SourceImageSequence: [
            {
              ReferencedSOPClassUID: s.slices[f.k].sopClassUID,
              ReferencedSOPInstanceUID: s.slices[f.k].sopInstanceUID,
              PurposeOfReferenceCodeSequence: [
                {
                  CodeValue: '121322',
                  CodingSchemeDesignator: 'DCM',
                  CodeMeaning: 'Source image for image processing operation',
                },
              ],
            },
          ],
          DerivationCodeSequence: [{ CodeValue: '113076', CodingSchemeDesignator: 'DCM', CodeMeaning: 'Segmentation' }],
        },
      ],
      FrameContentSequence: [{ DimensionIndexValues: [f.segment, f.k + 1] }],
      PlanePositionSequence: [{ ImagePositionPatient: [...s.slices[f.k].imagePosition] }],
      SegmentIdentificationSequence: [{ ReferencedSegmentNumber: f.segment }],
    })),
    ReferencedSeriesSequence: [
      {
        SeriesInstanceUID: s.seriesInstanceUID,
        ReferencedInstanceSequence: s.slices.map((sl) => ({
          ReferencedSOPClassUID: sl.sopClassUID,
          ReferencedSOPInstanceUID: sl.sopInstanceUID,
        })),
      },
    ],
    PixelData: [packed.buffer],
    _vrMap: { PixelData: 'OB' },
  };
  for (const key of COPIED) if (src[key] !== undefined) ds[key] = src[key];
  if (ds.PatientName === undefined) ds.PatientName = '';
  if (ds.PatientID === undefined) ds.PatientID = '';
  if (ds.StudyInstanceUID === undefined) ds.StudyInstanceUID = uid();
  const meta = {
    FileMetaInformationVersion: new Uint8Array([0, 1]).buffer,
    MediaStorageSOPClassUID: SEG_SOP_CLASS,
    MediaStorageSOPInstanceUID: sopInstanceUID,
    TransferSyntaxUID: EXPLICIT_LE,
    ImplementationClassUID: '1.2.826.0.1.3680043.10.1219.1',
    ImplementationVersionName: 'cuts-ts',
  };
  const dict = new dcmjs.data.DicomDict(dcmjs.data.DicomMetaDictionary.denaturalizeDataset(meta));
  dict.dict = dcmjs.data.DicomMetaDictionary.denaturalizeDataset(ds);
  return new Uint8Array(dict.write());
}

/** Writes the SEG atomically. */
export async function writeDicomSeg(file: string, input: DicomSegInput): Promise<void> {
  await writeFileAtomic(file, encodeDicomSeg(input));
}
