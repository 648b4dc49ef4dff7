/**
 * Atomic file writes (npm's `write-file-atomic`: a temporary file in the
 * target's directory, fsync, rename). A crash or a failed encode leaves either
 * the old file or the new one, never a half-written file.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import writeFileAtomicImpl from 'write-file-atomic';

/** Writes `data` to `target` atomically, creating the parent directory if needed. */
export async function writeFileAtomic(target: string, data: Uint8Array | string): Promise<void> {
  await mkdir(path.dirname(path.resolve(target)), { recursive: true });
  await writeFileAtomicImpl(target, typeof data === 'string' ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength));
}
