import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CutsInputError } from '@cuts/core';
import { sharedDataForTests } from '@cuts/core/testing';
import { makeTempDir } from '../test-utils/tmp.js';
import { encodeNpy, parseNpy, readNpy, writeNpy } from './npy.js';

/** Builds .npy v1.0 bytes by hand: magic, version, header length, padded dict, raw data. */
function handNpy(descr: string, shape: string, data: Uint8Array, fortran = 'False', version = 1): Uint8Array {
  const prefix = version === 1 ? 10 : 12;
  let header = `{'descr': '${descr}', 'fortran_order': ${fortran}, 'shape': ${shape}, }`;
  header += ' '.repeat(63 - ((prefix + header.length) % 64)) + '\n';
  const out = new Uint8Array(prefix + header.length + data.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, version, 0]);
  const view = new DataView(out.buffer);
  if (version === 1) view.setUint16(8, header.length, true);
  else view.setUint32(8, header.length, true);
  for (let i = 0; i < header.length; i++) out[prefix + i] = header.charCodeAt(i);
  out.set(data, prefix + header.length);
  return out;
}

/** Little-endian bytes of `values` written one by one through a DataView setter. */
function bytesOf(values: number[], size: number, set: (v: DataView, o: number, x: number) => void): Uint8Array {
  const out = new Uint8Array(values.length * size);
  const view = new DataView(out.buffer);
  values.forEach((x, i) => set(view, i * size, x));
  return out;
}

describe('parseNpy on hand-written files', () => {
  it('uint8 (2, 3)', () => {
    const arr = parseNpy(handNpy('|u1', '(2, 3)', Uint8Array.from([0, 1, 2, 253, 254, 255])));
    expect(arr.dtype).toBe('uint8');
    expect(arr.shape).toEqual([2, 3]);
    expect(Array.from(arr.data)).toEqual([0, 1, 2, 253, 254, 255]);
  });
  it('int16', () => {
    const vals = [-32768, -1, 0, 1, 32767, 1234];
    const arr = parseNpy(
      handNpy(
        '<i2',
        '(3, 2)',
        bytesOf(vals, 2, (v, o, x) => v.setInt16(o, x, true)),
      ),
    );
    expect(arr.dtype).toBe('int16');
    expect(arr.data).toBeInstanceOf(Int16Array);
    expect(Array.from(arr.data)).toEqual(vals);
  });
  it('int32', () => {
    const vals = [-2147483648, -7, 0, 7, 2147483647, 65536];
    const arr = parseNpy(
      handNpy(
        '<i4',
        '(6,)',
        bytesOf(vals, 4, (v, o, x) => v.setInt32(o, x, true)),
      ),
    );
    expect(arr.shape).toEqual([6]);
    expect(Array.from(arr.data)).toEqual(vals);
  });
  it('float32', () => {
    const vals = [-1.5, 0, 0.25, 3.4028234663852886e38, -0.0009765625, 1e-7];
    const arr = parseNpy(
      handNpy(
        '<f4',
        '(2, 3)',
        bytesOf(vals, 4, (v, o, x) => v.setFloat32(o, x, true)),
      ),
    );
    expect(arr.data).toBeInstanceOf(Float32Array);
    expect(Array.from(arr.data)).toEqual(vals.map((x) => Math.fround(x)));
  });
  it('float64 in a version 2.0 file', () => {
    const vals = [Math.PI, -Math.E, 1e300, -0.1];
    const arr = parseNpy(
      handNpy(
        '<f8',
        '(2, 2)',
        bytesOf(vals, 8, (v, o, x) => v.setFloat64(o, x, true)),
        'False',
        2,
      ),
    );
    expect(arr.data).toBeInstanceOf(Float64Array);
    expect(Array.from(arr.data)).toEqual(vals);
  });
  it('copies data that sits at an unaligned offset', () => {
    const file = handNpy(
      '<i4',
      '(2,)',
      bytesOf([5, -6], 4, (v, o, x) => v.setInt32(o, x, true)),
    );
    const shifted = new Uint8Array(file.length + 1);
    shifted.set(file, 1);
    expect(Array.from(parseNpy(shifted.subarray(1)).data)).toEqual([5, -6]);
  });
});

describe('parseNpy errors', () => {
  const expectInputError = (fn: () => unknown, pattern: RegExp) => {
    let err: unknown;
    try {
      fn();
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(CutsInputError);
    expect((err as Error).message).toMatch(pattern);
  };
  it('Fortran order', () => {
    expectInputError(
      () => parseNpy(handNpy('|u1', '(2, 2)', new Uint8Array(4), 'True'), 'm.npy'),
      /^m\.npy: Fortran-order/,
    );
  });
  it('big-endian', () => {
    expectInputError(() => parseNpy(handNpy('>i4', '(1,)', new Uint8Array(4)), 'b.npy'), /b\.npy: big-endian/);
  });
  it('unsupported dtype', () => {
    expectInputError(
      () => parseNpy(handNpy('<c8', '(1,)', new Uint8Array(8)), 'c.npy'),
      /c\.npy: unsupported \.npy dtype '<c8'/,
    );
  });
  it('truncated data', () => {
    expectInputError(
      () => parseNpy(handNpy('<i2', '(4, 4)', new Uint8Array(10)), 't.npy'),
      /t\.npy: truncated \.npy data.*needs 32 bytes, file has 10/,
    );
  });
  it('not an npy file', () => {
    expectInputError(
      () => parseNpy(new TextEncoder().encode('hello world, not numpy'), 'x.npy'),
      /x\.npy: not a \.npy file/,
    );
  });
});

describe('encodeNpy / writeNpy', () => {
  let tmp: Awaited<ReturnType<typeof makeTempDir>>;
  beforeAll(async () => {
    tmp = await makeTempDir();
  });
  afterAll(() => tmp.cleanup());

  it('writes a header numpy accepts (64-byte aligned, dict, newline) and round-trips each dtype', async () => {
    const cases = [
      Uint8Array.from([1, 0, 1, 1, 0, 0]),
      Int16Array.from([-3, 2, 1, 0, -1, 300]),
      Int32Array.from([1 << 30, -5, 0, 9, 8, 7]),
      Float32Array.from([0.5, -0.25, 1, 2, 3, 4]),
      Float64Array.from([Math.PI, 0, -1, 1e-300, 5, 6]),
    ];
    for (const data of cases) {
      const bytes = encodeNpy({ shape: [2, 3], data });
      const headerLen = new DataView(bytes.buffer).getUint16(8, true);
      expect((10 + headerLen) % 64).toBe(0);
      expect(bytes[10 + headerLen - 1]).toBe(0x0a);
      const file = path.join(tmp.dir, `${data.constructor.name}.npy`);
      await writeNpy(file, { shape: [2, 3], data });
      const back = await readNpy(file);
      expect(back.shape).toEqual([2, 3]);
      expect(back.data.constructor).toBe(data.constructor);
      expect(Array.from(back.data)).toEqual(Array.from(data));
    }
  });

  it('refuses a shape that does not match the data', () => {
    expect(() => encodeNpy({ shape: [2, 2], data: new Uint8Array(5) })).toThrow(/needs 4 values, data has 5/);
  });

  it('reads a missing file as a CutsInputError naming it', async () => {
    await expect(readNpy(path.join(tmp.dir, 'nope.npy'))).rejects.toThrow(/nope\.npy: cannot read file/);
  });

  const retina = sharedDataForTests('retina_ga');
  it.skipIf(!retina)('byte-identical re-encoding of a numpy-written retina mask', async () => {
    const dir = retina as string;
    const file = path.join(dir, 'masks', 'label10.npy');
    const original = await readFile(file);
    const arr = parseNpy(original, file);
    expect(arr.dtype).toBe('uint8');
    expect(arr.shape).toEqual([128, 128]);
    const out = path.join(tmp.dir, 'label10.npy');
    await writeFile(out, encodeNpy(arr));
    expect(Buffer.compare(await readFile(out), original)).toBe(0);
  });
});
