/**
 * Atomic file writes: a temporary file in the target's directory
 * (`.<name>.<pid>.<random>.tmp`), every byte written (a loop: a short write
 * on a full disk is finished or fails, never silently kept), fsync, rename.
 * A crash, a full disk or a failed encode leaves either the old file or the
 * new one under the final name, never a half-written file; on failure the
 * temporary file is removed and the error names the target file.
 *
 * Hand-written (it replaced npm's `write-file-atomic`, which issues a single
 * `write()` and renames whatever that wrote: on a full disk that left a
 * truncated file under its final name).
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import { CutsInputError } from '@cuts/core';

const REASONS: Record<string, string> = {
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOTDIR: 'a parent path is not a folder',
  EISDIR: 'a folder is in the way',
  EEXIST: 'a file is in the way',
  EMFILE: 'too many open files',
  EIO: 'input/output error',
};

/** An fs error turned into a message that names `file` (CutsInputError: the CLI exits 2). */
export function fileSystemError(err: unknown, file: string, action = 'cannot write file'): Error {
  const code = (err as NodeJS.ErrnoException)?.code;
  if (code && code in REASONS) return new CutsInputError(`${action}: ${REASONS[code]} (${code})`, file, { cause: err });
  return err instanceof Error ? err : new Error(String(err));
}

/** The temporary name used while writing `target` (same folder, hidden, ends in `.tmp`). */
export function temporaryNameFor(target: string): string {
  return path.join(
    path.dirname(target),
    `.${path.basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`,
  );
}

/** Writes `data` to `target` atomically, creating the parent directory if needed. */
export async function writeFileAtomic(target: string, data: Uint8Array | string): Promise<void> {
  const file = path.resolve(target);
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  const tmp = temporaryNameFor(file);
  try {
    await mkdir(path.dirname(file), { recursive: true });
    const handle = await open(tmp, 'wx', 0o644);
    try {
      let offset = 0;
      while (offset < bytes.byteLength) {
        const { bytesWritten } = await handle.write(bytes, offset, bytes.byteLength - offset, offset);
        if (bytesWritten <= 0) throw Object.assign(new Error('write made no progress'), { code: 'EIO' });
        offset += bytesWritten;
      }
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, file);
  } catch (err) {
    await unlink(tmp).catch(() => undefined);
    throw fileSystemError(err, file);
  }
}
