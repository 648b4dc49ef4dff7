/**
 * A run folder has one writer at a time: `<run-dir>/.cuts-lock.json` holds the
 * writer's pid, host and start time. It is created atomically (written to a
 * temporary file, then hard-linked to its name, which fails if the name
 * exists), so a second `cuts` process on the same folder is refused with a
 * message naming the holder. A lock left by a killed process (same host, pid
 * no longer alive) is taken over. Locks are released when the command ends;
 * a folder this command created and left without any file is removed again.
 */
import { link, readFile, unlink, writeFile } from 'node:fs/promises';
import { readdirSync, rmSync, statSync, unlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CutsInputError } from '@cuts/core';

export const LOCK_NAME = '.cuts-lock.json';

export interface LockInfo {
  readonly pid: number;
  readonly host: string;
  readonly started: string;
  readonly command: string;
}

interface HeldLock {
  readonly root: string;
  readonly file: string;
  /** True when this command created the folder (it is removed again if left empty). */
  readonly created: boolean;
}

const held = new Map<string, HeldLock>();

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readLock(file: string): Promise<LockInfo | undefined> {
  try {
    const v = JSON.parse(await readFile(file, 'utf8')) as Partial<LockInfo>;
    if (typeof v.pid === 'number' && typeof v.host === 'string') return v as LockInfo;
  } catch {
    /* unreadable: treated as stale below */
  }
  return undefined;
}

/** Takes the folder's lock (the folder must exist) or throws CutsInputError naming the holder. */
export async function acquireRunLock(root: string, created: boolean): Promise<void> {
  if (held.has(root)) return;
  const file = path.join(root, LOCK_NAME);
  const info: LockInfo = {
    pid: process.pid,
    host: os.hostname(),
    started: new Date().toISOString(),
    command: process.argv.slice(2).join(' '),
  };
  const tmp = path.join(root, `.cuts-lock.${process.pid}.${Date.now()}.tmp`);
  await writeFile(tmp, `${JSON.stringify(info)}\n`);
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        await link(tmp, file);
        break;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
        const other = await readLock(file);
        const stale = other === undefined || (other.host === info.host && !alive(other.pid));
        if (!stale || attempt > 2) {
          throw new CutsInputError(
            `in use by another cuts process (pid ${other?.pid ?? '?'} on ${other?.host ?? '?'}, started ${other?.started ?? '?'}: cuts ${other?.command ?? ''}); ` +
              `wait for it to finish, or delete ${file} if that process is gone`,
            root,
          );
        }
        await unlink(file).catch(() => undefined);
      }
    }
  } finally {
    await unlink(tmp).catch(() => undefined);
  }
  held.set(root, { root, file, created });
}

/** True when a folder holds nothing but (possibly nested) empty folders and the lock. */
function holdsNothing(dir: string): boolean {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name === LOCK_NAME) continue;
    if (!e.isDirectory() || !holdsNothing(path.join(dir, e.name))) return false;
  }
  return true;
}

function releaseSync(lock: HeldLock, failed: boolean): void {
  try {
    unlinkSync(lock.file);
  } catch {
    /* already gone */
  }
  try {
    if (failed && lock.created && statSync(lock.root).isDirectory() && holdsNothing(lock.root))
      rmSync(lock.root, { recursive: true });
  } catch {
    /* best effort */
  }
}

/** Releases every lock this process holds; `failed`: the command did not succeed. */
export function releaseRunLocks(failed: boolean): void {
  for (const lock of held.values()) releaseSync(lock, failed);
  held.clear();
}

// Ctrl-C twice (process.exit) or an uncaught error: still release.
process.on('exit', (code) => releaseRunLocks(code !== 0));

/** For tests: the locks held now. */
export function heldRunLocks(): string[] {
  return [...held.keys()];
}
