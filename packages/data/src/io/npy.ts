/**
 * NumPy `.npy` arrays (format versions 1.0–3.0). Hand-written because the
 * format is a short text header plus raw bytes and the npm readers either
 * pull in a whole ndarray stack or skip the checks we need (byte order,
 * Fortran order). Supported: little-endian (or single-byte) bool, uint8, int8,
 * uint16, int16, int32, float32, float64, C order.
 */
import { readFile } from 'node:fs/promises';
import { CutsInputError } from '@cuts/core';
import { writeFileAtomic } from './atomic-write.js';

/** The NumPy dtypes `.npy` reading and writing support. */
export type NpyDtype = 'bool' | 'uint8' | 'int8' | 'uint16' | 'int16' | 'int32' | 'float32' | 'float64';
/** The typed array that holds each `NpyDtype`. */
export type NpyData = Uint8Array | Int8Array | Uint16Array | Int16Array | Int32Array | Float32Array | Float64Array;

/** A `.npy` array: dtype, shape (C order) and data. */
export interface NpyArray {
  readonly dtype: NpyDtype;
  readonly shape: readonly number[];
  readonly data: NpyData;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

/** dtype → numpy descr (little-endian) and bytes per element. */
const DESCR: Record<NpyDtype, { descr: string; bytes: number }> = {
  bool: { descr: '|b1', bytes: 1 },
  uint8: { descr: '|u1', bytes: 1 },
  int8: { descr: '|i1', bytes: 1 },
  uint16: { descr: '<u2', bytes: 2 },
  int16: { descr: '<i2', bytes: 2 },
  int32: { descr: '<i4', bytes: 4 },
  float32: { descr: '<f4', bytes: 4 },
  float64: { descr: '<f8', bytes: 8 },
};

function dtypeFromDescr(descr: string, file: string): NpyDtype {
  const order = descr[0];
  const kind = descr.slice(1);
  if (order === '>' && !['b1', 'u1', 'i1'].includes(kind)) {
    throw new CutsInputError(
      `big-endian .npy data ('${descr}') is not supported; save it little-endian (arr.astype('<${kind}'))`,
      file,
    );
  }
  for (const [dtype, d] of Object.entries(DESCR) as [NpyDtype, { descr: string }][]) {
    if (d.descr.slice(1) === kind) return dtype;
  }
  throw new CutsInputError(
    `unsupported .npy dtype '${descr}' (supported: bool, uint8, int8, uint16, int16, int32, float32, float64)`,
    file,
  );
}

function makeTyped(dtype: NpyDtype, bytes: Uint8Array, count: number): NpyData {
  // Copy into a fresh, aligned buffer (the data offset in the file need not be aligned).
  const need = count * DESCR[dtype].bytes;
  const buf = new Uint8Array(need);
  buf.set(bytes.subarray(0, need));
  switch (dtype) {
    case 'bool':
    case 'uint8':
      return buf;
    case 'int8':
      return new Int8Array(buf.buffer);
    case 'uint16':
      return new Uint16Array(buf.buffer);
    case 'int16':
      return new Int16Array(buf.buffer);
    case 'int32':
      return new Int32Array(buf.buffer);
    case 'float32':
      return new Float32Array(buf.buffer);
    case 'float64':
      return new Float64Array(buf.buffer);
  }
}

/** Parses the bytes of a `.npy` file. `file` names it in error messages. */
export function parseNpy(bytes: Uint8Array, file = '<npy>'): NpyArray {
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) {
    throw new CutsInputError('not a .npy file (missing \\x93NUMPY magic)', file);
  }
  const major = bytes[6];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let headerLen: number;
  let headerStart: number;
  if (major === 1) {
    headerLen = view.getUint16(8, true);
    headerStart = 10;
  } else if (major === 2 || major === 3) {
    if (bytes.length < 12) throw new CutsInputError('truncated .npy header', file);
    headerLen = view.getUint32(8, true);
    headerStart = 12;
  } else {
    throw new CutsInputError(`unsupported .npy format version ${major}`, file);
  }
  if (headerStart + headerLen > bytes.length) throw new CutsInputError('truncated .npy header', file);
  const header = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(
    bytes.subarray(headerStart, headerStart + headerLen),
  );
  const descr = /'descr'\s*:\s*'([^']+)'/.exec(header)?.[1];
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(header)?.[1];
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(header)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined) {
    throw new CutsInputError(`malformed .npy header: ${header.trim()}`, file);
  }
  if (fortran === 'True') {
    throw new CutsInputError('Fortran-order .npy arrays are not supported; save with np.ascontiguousarray(arr)', file);
  }
  const dtype = dtypeFromDescr(descr, file);
  const shape = shapeText
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .map((s) => Number.parseInt(s, 10));
  if (shape.some((n) => !Number.isInteger(n) || n < 0)) throw new CutsInputError(`bad .npy shape (${shapeText})`, file);
  const count = shape.reduce((a, b) => a * b, 1);
  const dataStart = headerStart + headerLen;
  const available = bytes.length - dataStart;
  if (available < count * DESCR[dtype].bytes) {
    throw new CutsInputError(
      `truncated .npy data: shape (${shape.join(', ')}) ${dtype} needs ${count * DESCR[dtype].bytes} bytes, file has ${available}`,
      file,
    );
  }
  return { dtype, shape, data: makeTyped(dtype, bytes.subarray(dataStart), count) };
}

/** Reads a `.npy` file. Errors name the file. */
export async function readNpy(file: string): Promise<NpyArray> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (err) {
    throw new CutsInputError(`cannot read file (${(err as Error).message})`, file, { cause: err });
  }
  return parseNpy(bytes, file);
}

function dtypeOf(data: NpyData): NpyDtype {
  if (data instanceof Uint8Array) return 'uint8';
  if (data instanceof Int8Array) return 'int8';
  if (data instanceof Uint16Array) return 'uint16';
  if (data instanceof Int16Array) return 'int16';
  if (data instanceof Int32Array) return 'int32';
  if (data instanceof Float32Array) return 'float32';
  return 'float64';
}

/** Encodes an array as `.npy` version 1.0 bytes (little-endian, C order). */
export function encodeNpy(array: { shape: readonly number[]; data: NpyData; dtype?: NpyDtype }): Uint8Array {
  const dtype = array.dtype ?? dtypeOf(array.data);
  const count = array.shape.reduce((a, b) => a * b, 1);
  if (count !== array.data.length) {
    throw new RangeError(
      `encodeNpy: shape (${array.shape.join(', ')}) needs ${count} values, data has ${array.data.length}`,
    );
  }
  const shapeText = array.shape.length === 1 ? `(${array.shape[0]},)` : `(${array.shape.join(', ')})`;
  let header = `{'descr': '${DESCR[dtype].descr}', 'fortran_order': False, 'shape': ${shapeText}, }`;
  const total = 10 + header.length + 1;
  header += ' '.repeat((64 - (total % 64)) % 64) + '\n';
  const dataBytes = new Uint8Array(array.data.buffer, array.data.byteOffset, array.data.byteLength);
  const out = new Uint8Array(10 + header.length + dataBytes.length);
  out.set(MAGIC, 0);
  out[6] = 1;
  out[7] = 0;
  new DataView(out.buffer).setUint16(8, header.length, true);
  out.set(new TextEncoder().encode(header), 10);
  out.set(dataBytes, 10 + header.length);
  return out;
}

/** Writes an array as a `.npy` file, atomically. */
export async function writeNpy(
  file: string,
  array: { shape: readonly number[]; data: NpyData; dtype?: NpyDtype },
): Promise<void> {
  await writeFileAtomic(file, encodeNpy(array));
}
