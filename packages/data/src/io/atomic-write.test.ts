/** Atomic writes on a full disk: never a half-written file under the final name; errors name it. */
import { open, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CutsInputError } from '@cuts/core';
import { makeTempDir } from '../test-utils/tmp.js';
import { writeFileAtomic } from './atomic-write.js';

let tmp: Awaited<ReturnType<typeof makeTempDir>>;
beforeAll(async () => {
  tmp = await makeTempDir();
});
afterAll(() => tmp.cleanup());

/**
 * Makes FileHandle.write behave like a nearly full disk: the first call writes
 * at most `room` bytes (a short write, as write(2) does), later calls fail with ENOSPC.
 */
async function fillDisk(room: number): Promise<() => void> {
  const probe = await open(path.join(tmp.dir, '.probe'), 'w');
  type Write = (
    this: unknown,
    buf: Uint8Array,
    offset?: number,
    length?: number,
    position?: number,
  ) => Promise<{ bytesWritten: number }>;
  const proto = Object.getPrototypeOf(probe) as { write: Write };
  await probe.close();
  const original = proto.write;
  let left = room;
  proto.write = async function (
    this: unknown,
    buf: Uint8Array,
    offset = 0,
    length: number = buf.byteLength - offset,
    position?: number,
  ) {
    if (left <= 0)
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), {
        code: 'ENOSPC',
        errno: -28,
        syscall: 'write',
      });
    const n = Math.min(left, length);
    left -= n;
    return original.call(this, buf, offset, n, position);
  };
  return () => {
    proto.write = original;
  };
}

let restore: (() => void) | undefined;
afterEach(() => {
  restore?.();
  restore = undefined;
});

describe('writeFileAtomic on a full disk', () => {
  it('a short write is finished when there is room: every byte lands', async () => {
    restore = await fillDisk(1000);
    const file = path.join(tmp.dir, 'fits.bin');
    const data = new Uint8Array(900).map((_, i) => i % 251);
    await writeFileAtomic(file, data);
    expect(new Uint8Array(await readFile(file))).toEqual(data);
  });

  it('ENOSPC part-way: the old file stays, no temporary file is left, the error names the file', async () => {
    const file = path.join(tmp.dir, 'weights.bin');
    await writeFile(file, 'old contents');
    restore = await fillDisk(4096);
    const err = await writeFileAtomic(file, new Uint8Array(100_000).fill(7)).catch((e: unknown) => e);
    restore();
    restore = undefined;
    expect(err).toBeInstanceOf(CutsInputError);
    expect((err as Error).message).toBe(`${file}: cannot write file: no space left on the device (ENOSPC)`);
    expect(await readFile(file, 'utf8')).toBe('old contents');
    expect((await readdir(tmp.dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('ENOSPC on a new file: nothing appears under the final name', async () => {
    const file = path.join(tmp.dir, 'new', 'model.json');
    restore = await fillDisk(10);
    await expect(writeFileAtomic(file, 'x'.repeat(50))).rejects.toThrow(
      /model\.json: cannot write file: no space left/,
    );
    restore();
    restore = undefined;
    expect(await readdir(path.dirname(file))).toEqual([]);
  });
});
