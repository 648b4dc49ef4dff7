/** DICOM transfer syntaxes: which ones cuts-ts decodes, and names for the others in errors. */
import { CutsInputError } from '@cuts/core';

/** Uncompressed syntaxes dcmjs reads directly. */
export const READABLE_TRANSFER_SYNTAXES: Readonly<Record<string, string>> = {
  '1.2.840.10008.1.2': 'Implicit VR Little Endian',
  '1.2.840.10008.1.2.1': 'Explicit VR Little Endian',
  '1.2.840.10008.1.2.1.99': 'Deflated Explicit VR Little Endian',
  '1.2.840.10008.1.2.2': 'Explicit VR Big Endian',
};

const COMPRESSED: Readonly<Record<string, string>> = {
  '1.2.840.10008.1.2.4.50': 'JPEG Baseline (Process 1)',
  '1.2.840.10008.1.2.4.51': 'JPEG Extended (Process 2 & 4)',
  '1.2.840.10008.1.2.4.57': 'JPEG Lossless, Non-Hierarchical (Process 14)',
  '1.2.840.10008.1.2.4.70': 'JPEG Lossless, First-Order Prediction (Process 14 SV1)',
  '1.2.840.10008.1.2.4.80': 'JPEG-LS Lossless',
  '1.2.840.10008.1.2.4.81': 'JPEG-LS Lossy (Near-Lossless)',
  '1.2.840.10008.1.2.4.90': 'JPEG 2000 Image Compression (Lossless Only)',
  '1.2.840.10008.1.2.4.91': 'JPEG 2000 Image Compression',
  '1.2.840.10008.1.2.4.201': 'High-Throughput JPEG 2000 (Lossless Only)',
  '1.2.840.10008.1.2.4.203': 'High-Throughput JPEG 2000',
  '1.2.840.10008.1.2.5': 'RLE Lossless',
};

/** Throws a CutsInputError naming the syntax and the file unless cuts-ts can decode it. */
export function assertReadableTransferSyntax(uid: string | undefined, file: string): void {
  const ts = uid ?? '1.2.840.10008.1.2';
  if (READABLE_TRANSFER_SYNTAXES[ts]) return;
  const name = COMPRESSED[ts];
  throw new CutsInputError(
    name
      ? `unsupported DICOM transfer syntax ${ts} (${name}): compressed pixel data is not decoded; convert the series to an uncompressed syntax first (e.g. \`dcmdjpeg\`, \`gdcmconv --raw\`)`
      : `unsupported DICOM transfer syntax ${ts}`,
    file,
  );
}
