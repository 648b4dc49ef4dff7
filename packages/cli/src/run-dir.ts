/**
 * The run folder on disk: absolute paths for the layout `@cuts/run-folder` defines (the
 * contract the viewer reads through too), and atomic writes of its JSON/text files, so a
 * crash or Ctrl-C never leaves a half-written file.
 */
import { mkdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '@cuts/data';
import { CutsInputError } from '@cuts/core';
import {
  formatLevelsIndex,
  formatNativeLevelsIndex,
  LEVELS_METHOD,
  parseLevelsIndex,
  parseNativeLevelsIndex,
  RUN_DIRS,
  RUN_FILES,
  runPaths,
  type LevelsIndex,
  type NativeLevelsIndex,
} from '@cuts/run-folder';

export { LEVELS_METHOD };

export class RunDir {
  constructor(readonly root: string) {}

  /** `<root>/<relative>` for a path of the contract. */
  at(relative: string): string {
    return path.join(this.root, relative);
  }

  get markerFile(): string {
    return this.at(RUN_FILES.marker);
  }
  get configFile(): string {
    return this.at(RUN_FILES.config);
  }
  get stateFile(): string {
    return this.at(RUN_FILES.state);
  }
  get modelDir(): string {
    return this.at(RUN_DIRS.model);
  }
  get trainingLog(): string {
    return this.at(RUN_FILES.trainingLog);
  }
  get metricsCsv(): string {
    return this.at(RUN_FILES.metrics);
  }
  get summaryJson(): string {
    return this.at(RUN_FILES.summary);
  }
  get reportMd(): string {
    return this.at(RUN_FILES.report);
  }
  get embeddingsDir(): string {
    return this.at(RUN_DIRS.embeddings);
  }
  get levelsIndex(): string {
    return this.at(RUN_FILES.levelsIndex);
  }
  get nativeLevelsIndex(): string {
    return this.at(RUN_FILES.nativeLevelsIndex);
  }

  image(id: string): string {
    return this.at(runPaths.image(id));
  }
  mask(id: string): string {
    return this.at(runPaths.mask(id));
  }
  recon(id: string): string {
    return this.at(runPaths.recon(id));
  }
  labels(method: string, id: string): string {
    return this.at(runPaths.labels(method, id));
  }
  level(id: string, level: number): string {
    return this.at(runPaths.level(id, level));
  }
  nativeLabels(method: string, id: string, ext: string): string {
    return this.at(runPaths.nativeLabels(method, id, ext));
  }
  embedding(id: string): string {
    return this.at(runPaths.embedding(id));
  }
  overlay(method: string, id: string): string {
    return this.at(runPaths.overlay(method, id));
  }

  async ensure(): Promise<void> {
    await mkdir(this.root, { recursive: true });
  }
}

export async function writeJsonAtomic(file: string, value: unknown): Promise<void> {
  await writeFileAtomic(file, `${JSON.stringify(value, null, 2)}\n`);
}

export async function writeTextAtomic(file: string, text: string): Promise<void> {
  await writeFileAtomic(file, text);
}

export async function readJson<T>(file: string, what: string): Promise<T> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new CutsInputError(`missing ${what}`, file);
  }
  try {
    return JSON.parse(text) as T;
  } catch (err) {
    throw new CutsInputError(`corrupt ${what}: ${(err as Error).message}`, file);
  }
}

export async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}

/** labels/diffusion_levels/index.json, validated; empty when the run has none yet. */
export async function readLevelsIndex(runDir: RunDir): Promise<LevelsIndex> {
  const file = runDir.levelsIndex;
  return (await exists(file)) ? parseLevelsIndex(await readJson<unknown>(file, 'levels index'), file) : {};
}

export async function writeLevelsIndex(runDir: RunDir, index: LevelsIndex): Promise<void> {
  await writeTextAtomic(runDir.levelsIndex, formatLevelsIndex(index, runDir.levelsIndex));
}

/** labels_native/diffusion_levels/index.json, validated; empty when the run has none yet. */
export async function readNativeLevelsIndex(runDir: RunDir): Promise<NativeLevelsIndex> {
  const file = runDir.nativeLevelsIndex;
  return (await exists(file)) ? parseNativeLevelsIndex(await readJson<unknown>(file, 'native levels index'), file) : {};
}

export async function writeNativeLevelsIndex(runDir: RunDir, index: NativeLevelsIndex): Promise<void> {
  await writeTextAtomic(runDir.nativeLevelsIndex, formatNativeLevelsIndex(index, runDir.nativeLevelsIndex));
}
