import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { LEVELS_METHOD, pathSegments, RUN_DIRS, RUN_FILES } from '@cuts/run-folder';

/** Which native-grid files (run-folder contract of issue 17) a run has; all empty for older runs. */
export interface NativeListing {
  /** native/index.json exists. */
  index: boolean;
  /** labels_native/diffusion_levels/index.json exists. */
  levels: boolean;
  /** Item id → methods with labels_native/<method>/<id>.png|.nii.gz, sorted. */
  labels: Record<string, string[]>;
}

const NATIVE_EXT = /\.(nii\.gz|png)$/i;

async function entries(dir: string) {
  try {
    return (await readdir(dir, { withFileTypes: true })).filter((e) => !e.name.startsWith('.'));
  } catch {
    return [];
  }
}

/** Lists native index files and per-item native label maps from the run folder's directories. */
export async function describeNative(dir: string): Promise<NativeListing> {
  const labels: Record<string, string[]> = {};
  const methods = (await entries(path.join(dir, RUN_DIRS.labelsNative)))
    .filter((e) => e.isDirectory() && e.name !== LEVELS_METHOD)
    .map((e) => e.name)
    .sort();
  for (const method of methods) {
    for (const f of await entries(path.join(dir, RUN_DIRS.labelsNative, method))) {
      if (!f.isFile() || !NATIVE_EXT.test(f.name)) continue;
      const id = f.name.replace(NATIVE_EXT, '');
      (labels[id] ??= []).push(method);
    }
  }
  const has = async (...p: string[]) =>
    (await entries(path.join(dir, ...p.slice(0, -1)))).some((e) => e.isFile() && e.name === p[p.length - 1]);
  return {
    index: await has(...pathSegments(RUN_FILES.nativeIndex)),
    levels: await has(...pathSegments(RUN_FILES.nativeLevelsIndex)),
    labels,
  };
}
