/**
 * Opening a run folder for writing, safely:
 * - `--out` must not be, contain or lie inside `--data` (a run writes images/
 *   and masks/ folders, which would land among the user's files);
 * - `--out` must be a folder (or not exist yet) and writable;
 * - one writer at a time (run-lock.ts);
 * - a folder holding files cuts did not write is never used;
 * - an earlier run is kept unless `--resume` (continue) or `--force`, which
 *   first removes exactly what cuts writes (PROJECT_ENTRIES, the run-folder contract's
 *   top-level names) and nothing else.
 */
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import { realpathSync } from 'node:fs';
import path from 'node:path';
import { fileSystemError } from '@cuts/data';
import { CutsInputError } from '@cuts/core';
import { RUN_DIRS, RUN_FILES, RUN_TOP_LEVEL_ENTRIES } from '@cuts/run-folder';
import { readRunMarker } from '@cuts/run-folder/node';
import { acquireRunLock, LOCK_NAME } from './run-lock.js';

/** Every name cuts writes at the top of a run folder (the contract's list, `@cuts/run-folder`). */
export const PROJECT_ENTRIES: readonly string[] = RUN_TOP_LEVEL_ENTRIES;

/** What cuts writes before config.json when it starts a run: alone, they do not make a folder foreign. */
const STARTING_ENTRIES: readonly string[] = [RUN_DIRS.demoData, RUN_FILES.marker];

export interface OpenFolderOptions {
  readonly resume: boolean;
  readonly force: boolean;
  /** Whether the command has a --resume flag (the hint in the "already holds a run" message). */
  readonly resumable?: boolean;
  /** The data folder, when known: refused if it overlaps the run folder. */
  readonly data?: string;
}

/** Rejects an empty string given for a path flag (`--out ""`). */
export function nonEmptyPath(value: string | undefined, flag: string): string | undefined {
  if (value !== undefined && value.trim() === '') throw new CutsInputError('must not be empty (give a folder)', flag);
  return value;
}

/** The real path of `p`, resolving symbolic links of the part that exists. */
function realish(p: string): string {
  const abs = path.resolve(p);
  const rest: string[] = [];
  let cur = abs;
  for (;;) {
    try {
      return path.join(realpathSync(cur), ...rest.reverse());
    } catch {
      const parent = path.dirname(cur);
      if (parent === cur) return abs;
      rest.push(path.basename(cur));
      cur = parent;
    }
  }
}

const inside = (child: string, parent: string) => {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
};

/** Refuses `--out` equal to, inside, or containing `--data`. */
export function assertSeparateFromData(out: string, data: string | undefined): void {
  if (data === undefined) return;
  const o = realish(out);
  const d = realish(data);
  if (o === d)
    throw new CutsInputError(
      `is the data folder itself; a run would overwrite your images — choose another folder for --out`,
      '--out',
    );
  if (inside(o, d))
    throw new CutsInputError(
      `${o} is inside the data folder ${d}; a run would write among your images — choose a folder outside it`,
      '--out',
    );
  if (inside(d, o))
    throw new CutsInputError(
      `${o} contains the data folder ${d}; a run writes images/ and masks/ there — choose a folder that does not hold your data`,
      '--out',
    );
}

async function kind(p: string): Promise<'missing' | 'dir' | 'other'> {
  try {
    return (await stat(p)).isDirectory() ? 'dir' : 'other';
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
    throw fileSystemError(err, p, 'cannot read the run folder');
  }
}

/**
 * Creates/opens the run folder at `root` and takes its lock. Returns whether it
 * held an earlier run (config.json) that is being resumed.
 */
export async function openRunFolder(root: string, options: OpenFolderOptions): Promise<void> {
  assertSeparateFromData(root, options.data);
  const k = await kind(root);
  if (k === 'other') throw new CutsInputError('exists and is not a folder; --out must name a folder', root);
  try {
    await mkdir(root, { recursive: true });
  } catch (err) {
    throw fileSystemError(await mkdirCause(root, err), root, 'cannot create the run folder');
  }
  try {
    await acquireRunLock(root, k === 'missing');
  } catch (err) {
    throw fileSystemError(err, root, 'cannot write to the run folder');
  }
  await removeTemporaries(root);
  const names = (await readdir(root)).filter((n) => !n.startsWith('.'));
  const isRun = names.includes(RUN_FILES.config);
  // Without config.json the folder is not a run: names like images/ or masks/ there are the
  // user's own (a dataset), never ours to overwrite or remove. Only a start interrupted
  // while writing the demo set or the format marker (demo-data/, cuts-run.json alone) counts as ours.
  const ours = isRun
    ? names.filter((n) => PROJECT_ENTRIES.includes(n))
    : names.filter((n) => STARTING_ENTRIES.includes(n));
  const foreign = names.filter((n) => !ours.includes(n));
  if (!isRun && foreign.length > 0) {
    const list = foreign.slice(0, 5).join(', ') + (foreign.length > 5 ? ', …' : '');
    throw new CutsInputError(
      `holds files cuts did not write (${list}) and is not a cuts run folder; choose an empty or new folder for --out`,
      root,
    );
  }
  if (options.resume) {
    if (!isRun) throw new CutsInputError('nothing to resume (no config.json)', root);
    await readRunMarker(root); // refuses a folder written by a newer cuts-ts, naming cuts-run.json
    return;
  }
  if (ours.length > 0 && !options.force) {
    const hint =
      options.resumable === false
        ? 'pass --force to start over'
        : 'pass --resume to continue it or --force to start over';
    throw new CutsInputError(`already holds a run; ${hint}`, root);
  }
  if (options.force) await clearProjectFiles(root);
}

/**
 * The real reason a recursive mkdir failed: on a read-only file system Node
 * reports ENOENT; creating the first missing folder alone gives EROFS/EACCES.
 */
async function mkdirCause(root: string, err: unknown): Promise<unknown> {
  if ((err as NodeJS.ErrnoException).code !== 'ENOENT') return err;
  let missing = root;
  while ((await kind(path.dirname(missing)).catch(() => 'missing')) === 'missing' && path.dirname(missing) !== missing)
    missing = path.dirname(missing);
  try {
    await mkdir(missing);
    await rm(missing, { recursive: true, force: true });
  } catch (probe) {
    return probe;
  }
  return err;
}

/** Removes what cuts wrote into a run folder (PROJECT_ENTRIES and its temporary files); keeps everything else. */
export async function clearProjectFiles(root: string): Promise<void> {
  for (const name of await readdir(root)) {
    const ours =
      PROJECT_ENTRIES.includes(name) || (name.startsWith('.') && name.endsWith('.tmp') && name !== LOCK_NAME);
    if (!ours) continue;
    try {
      await rm(path.join(root, name), { recursive: true, force: true });
    } catch (err) {
      throw fileSystemError(err, path.join(root, name), 'cannot remove (for --force)');
    }
  }
}

/** Temporary files of atomic writes (`.<name>.<pid>.<hex>.tmp`) and of the lock. */
const TEMPORARY = /^\..+\.\d+\.([0-9a-f]{8}|\d+)\.tmp$/;

/**
 * Removes temporary files a killed writer left (never under a final name, but
 * they should not pile up). Safe: this process holds the folder's lock.
 */
export async function removeTemporaries(root: string): Promise<number> {
  let removed = 0;
  for (const e of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (e.isFile() && TEMPORARY.test(e.name)) {
      await rm(path.join(e.parentPath, e.name), { force: true });
      removed++;
    }
  }
  return removed;
}
