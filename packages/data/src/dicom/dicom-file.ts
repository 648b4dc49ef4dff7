/// <reference path="./dcmjs.d.ts" />
/**
 * One DICOM image file read with dcmjs: the attributes a series needs
 * (identity, geometry, pixel format) and its pixel values after
 * RescaleSlope/Intercept. Errors name the file.
 */
import { readFile } from 'node:fs/promises';
import dcmjs from 'dcmjs';
import { CutsInputError } from '@cuts/core';
import { assertReadableTransferSyntax } from './transfer-syntax.js';

export interface DicomImageFile {
  readonly file: string;
  readonly transferSyntax: string;
  readonly sopClassUID: string;
  readonly sopInstanceUID: string;
  readonly seriesInstanceUID: string;
  readonly rows: number;
  readonly columns: number;
  /** [row spacing, column spacing] in mm (PixelSpacing), undefined when absent. */
  readonly pixelSpacing?: readonly [number, number];
  readonly imagePosition?: readonly [number, number, number];
  readonly imageOrientation?: readonly [number, number, number, number, number, number];
  readonly sliceThickness?: number;
  readonly instanceNumber?: number;
  /** The naturalised dataset without PixelData (patient/study attributes for derived objects). */
  readonly dataset: Readonly<Record<string, unknown>>;
  /** Stored bits per sample. */
  readonly bitsAllocated: number;
}

const num = (v: unknown): number | undefined => {
  const x = Array.isArray(v) ? v[0] : v;
  const n = typeof x === 'string' ? Number(x) : (x as number | undefined);
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
};

function numbers(v: unknown, count: number): number[] | undefined {
  if (!Array.isArray(v) || v.length !== count) return undefined;
  const out = v.map((x) => Number(x));
  return out.every(Number.isFinite) ? out : undefined;
}

function toArrayBuffer(b: Uint8Array): ArrayBuffer {
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
}

/** True when the bytes carry the DICOM Part 10 preamble ("DICM" at offset 128). */
export function hasDicmPrefix(bytes: Uint8Array): boolean {
  return bytes.length > 132 && bytes[128] === 0x44 && bytes[129] === 0x49 && bytes[130] === 0x43 && bytes[131] === 0x4d;
}

/**
 * Bytes actually present after the last PixelData element header, or undefined
 * when they cannot be located (deflated files). dcmjs zero-pads a truncated
 * element silently, so truncation is checked against the file itself.
 */
function pixelBytesInFile(bytes: Uint8Array, ts: string): number | undefined {
  if (ts === '1.2.840.10008.1.2.1.99') return undefined;
  const be = ts === '1.2.840.10008.1.2.2';
  const tag = be ? [0x7f, 0xe0, 0x00, 0x10] : [0xe0, 0x7f, 0x10, 0x00];
  for (let i = bytes.length - 8; i >= 132; i--) {
    if (bytes[i] !== tag[0] || bytes[i + 1] !== tag[1] || bytes[i + 2] !== tag[2] || bytes[i + 3] !== tag[3]) continue;
    const explicitOB =
      ts !== '1.2.840.10008.1.2' && bytes[i + 4] === 0x4f && (bytes[i + 5] === 0x57 || bytes[i + 5] === 0x42);
    return bytes.length - (i + (explicitOB ? 12 : 8));
  }
  return undefined;
}

/** Parses the header; `pixels` decodes the pixel values too. */
export function parseDicomImage(
  bytes: Uint8Array,
  file: string,
): { header: DicomImageFile; pixels: () => Float32Array } {
  let parsed: ReturnType<typeof dcmjs.data.DicomMessage.readFile>;
  try {
    parsed = dcmjs.data.DicomMessage.readFile(toArrayBuffer(bytes), { ignoreErrors: false });
  } catch (err) {
    throw new CutsInputError(`not a readable DICOM file (${(err as Error).message})`, file, { cause: err });
  }
  const ts = parsed.meta['00020010']?.Value?.[0] as string | undefined;
  const ds = dcmjs.data.DicomMetaDictionary.naturalizeDataset(parsed.dict);
  const rows = num(ds.Rows);
  const columns = num(ds.Columns);
  if (!rows || !columns || ds.PixelData === undefined)
    throw new CutsInputError('DICOM file holds no image (no Rows/Columns/PixelData)', file);
  assertReadableTransferSyntax(ts, file);
  const samples = num(ds.SamplesPerPixel) ?? 1;
  if (samples !== 1)
    throw new CutsInputError(
      `colour DICOM (SamplesPerPixel ${samples}, ${String(ds.PhotometricInterpretation)}) is not supported; cuts-ts reads grey-level series`,
      file,
    );
  const frames = num(ds.NumberOfFrames) ?? 1;
  if (frames !== 1)
    throw new CutsInputError(
      `multi-frame DICOM (${frames} frames) is not supported; cuts-ts reads series of single-frame images`,
      file,
    );
  const bitsAllocated = num(ds.BitsAllocated) ?? 16;
  if (![8, 16, 32].includes(bitsAllocated))
    throw new CutsInputError(`unsupported BitsAllocated ${bitsAllocated}`, file);
  const bitsStored = num(ds.BitsStored) ?? bitsAllocated;
  const signed = num(ds.PixelRepresentation) === 1;
  const slope = num(ds.RescaleSlope) ?? 1;
  const intercept = num(ds.RescaleIntercept) ?? 0;
  const spacing = numbers(ds.PixelSpacing, 2);
  const ipp = numbers(ds.ImagePositionPatient, 3);
  const iop = numbers(ds.ImageOrientationPatient, 6);
  const pixelData = ds.PixelData;
  const { PixelData: _omit, ...rest } = ds;
  const header: DicomImageFile = {
    file,
    transferSyntax: ts ?? '1.2.840.10008.1.2',
    sopClassUID: String(ds.SOPClassUID ?? ''),
    sopInstanceUID: String(ds.SOPInstanceUID ?? ''),
    seriesInstanceUID: String(ds.SeriesInstanceUID ?? ''),
    rows,
    columns,
    ...(spacing ? { pixelSpacing: spacing as [number, number] } : {}),
    ...(ipp ? { imagePosition: ipp as [number, number, number] } : {}),
    ...(iop ? { imageOrientation: iop as [number, number, number, number, number, number] } : {}),
    ...(num(ds.SliceThickness) !== undefined ? { sliceThickness: num(ds.SliceThickness) } : {}),
    ...(num(ds.InstanceNumber) !== undefined ? { instanceNumber: num(ds.InstanceNumber) } : {}),
    dataset: rest,
    bitsAllocated,
  };
  const pixels = (): Float32Array => {
    const buffers = Array.isArray(pixelData) ? pixelData : [pixelData];
    const buf = buffers[0] as ArrayBuffer;
    const n = rows * columns;
    const bytesPer = bitsAllocated / 8;
    if (!(buf instanceof ArrayBuffer) || buf.byteLength < n * bytesPer) {
      throw new CutsInputError(
        `truncated pixel data: ${rows}×${columns}×${bitsAllocated} bits needs ${n * bytesPer} bytes, found ${buf instanceof ArrayBuffer ? buf.byteLength : 0}`,
        file,
      );
    }
    // dcmjs hands over the pixel bytes as stored: big-endian for Explicit VR Big Endian.
    const le = header.transferSyntax !== '1.2.840.10008.1.2.2';
    const inFile = pixelBytesInFile(bytes, header.transferSyntax);
    if (inFile !== undefined && inFile < n * bytesPer) {
      throw new CutsInputError(
        `truncated pixel data: ${rows}×${columns}×${bitsAllocated} bits needs ${n * bytesPer} bytes, the file holds ${inFile}`,
        file,
      );
    }
    const view = new DataView(buf);
    const out = new Float32Array(n);
    const mask = bitsStored >= 32 ? 0xffffffff : 2 ** bitsStored - 1;
    for (let i = 0; i < n; i++) {
      let v: number;
      if (bitsAllocated === 8) v = view.getUint8(i);
      else if (bitsAllocated === 16) v = view.getUint16(2 * i, le);
      else v = view.getUint32(4 * i, le);
      if (bitsStored < bitsAllocated) v = (v & mask) >>> 0;
      if (signed && v >= 2 ** (bitsStored - 1)) v -= 2 ** bitsStored;
      out[i] = v * slope + intercept;
    }
    return out;
  };
  return { header, pixels };
}

/** Reads one DICOM file's header (and a pixel decoder). */
export async function readDicomImage(file: string): Promise<{ header: DicomImageFile; pixels: () => Float32Array }> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (err) {
    throw new CutsInputError(`cannot read file (${(err as Error).message})`, file, { cause: err });
  }
  return parseDicomImage(bytes, file);
}
