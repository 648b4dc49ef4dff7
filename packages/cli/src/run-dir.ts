/**
 * The run folder: one place that knows every path in it (documented in the
 * README, read by the viewer and other tools) and writes its JSON/text files
 * atomically, so a crash or Ctrl-C never leaves a half-written file.
 */
import { mkdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '@cuts/data';
import { CutsInputError } from '@cuts/core';

export const LEVELS_METHOD = 'diffusion_levels';

export class RunDir {
  constructor(readonly root: string) {}

  get configFile(): string { return path.join(this.root, 'config.json'); }
  get stateFile(): string { return path.join(this.root, 'state.json'); }
  get modelDir(): string { return path.join(this.root, 'model'); }
  get metricsCsv(): string { return path.join(this.root, 'metrics.csv'); }
  get summaryJson(): string { return path.join(this.root, 'summary.json'); }
  get reportMd(): string { return path.join(this.root, 'report.md'); }
  get embeddingsDir(): string { return path.join(this.root, 'embeddings'); }
  get levelsIndex(): string { return path.join(this.root, 'labels', LEVELS_METHOD, 'index.json'); }

  image(id: string): string { return path.join(this.root, 'images', `${id}.png`); }
  mask(id: string): string { return path.join(this.root, 'masks', `${id}.png`); }
  recon(id: string): string { return path.join(this.root, 'recon', `${id}.png`); }
  labels(method: string, id: string): string { return path.join(this.root, 'labels', method, `${id}.png`); }
  level(id: string, level: number): string { return path.join(this.root, 'labels', LEVELS_METHOD, id, `${level}.png`); }
  nativeLabels(method: string, id: string, ext: string): string { return path.join(this.root, 'labels_native', method, `${id}${ext}`); }
  embedding(id: string): string { return path.join(this.embeddingsDir, `${id}.npy`); }
  overlay(method: string, id: string): string { return path.join(this.root, 'overlays', method, `${id}.png`); }

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
