import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { CutsInputError } from '@cuts/core';
import { describeNative } from './native-listing.js';
import type { RunImageEntry, RunListing } from './run-listing.js';

/** Files or folders whose presence marks a folder as a cuts run. */
export const RUN_MARKERS = ['config.json', 'summary.json', 'labels'] as const;

const collator = new Intl.Collator('en', { numeric: true });

async function exists(p: string): Promise<boolean> {
  try {
    await stat(p);
    return true;
  } catch {
    return false;
  }
}

async function listDir(dir: string): Promise<{ files: string[]; dirs: string[] }> {
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    return {
      files: entries.filter((e) => e.isFile() && !e.name.startsWith('.')).map((e) => e.name),
      dirs: entries.filter((e) => e.isDirectory() && !e.name.startsWith('.')).map((e) => e.name),
    };
  } catch {
    return { files: [], dirs: [] };
  }
}

const pngStems = (files: string[]): string[] =>
  files.filter((f) => f.toLowerCase().endsWith('.png')).map((f) => f.slice(0, -4));

/**
 * Checks that `dir` is a run folder written by `cuts run` (a directory holding
 * config.json, summary.json or labels/). Throws CutsInputError naming the folder otherwise.
 */
export async function assertRunFolder(dir: string): Promise<void> {
  let info;
  try {
    info = await stat(dir);
  } catch {
    throw new CutsInputError('run folder does not exist', dir);
  }
  if (!info.isDirectory()) throw new CutsInputError('not a folder (expected a run folder written by `cuts run`)', dir);
  for (const marker of RUN_MARKERS) if (await exists(path.join(dir, marker))) return;
  throw new CutsInputError(
    `not a cuts run folder: none of ${RUN_MARKERS.join(', ')} found (write one with \`cuts run --out <dir>\`)`,
    dir,
  );
}

async function readLevelIndex(levelsDir: string): Promise<Record<string, number[]> | null> {
  const file = path.join(levelsDir, 'index.json');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return null;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new CutsInputError(`invalid JSON (${(err as Error).message})`, file);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new CutsInputError('expected an object {"<image>": [levelIndex, ...]}', file);
  }
  const out: Record<string, number[]> = {};
  for (const [image, levels] of Object.entries(parsed)) {
    if (!Array.isArray(levels) || !levels.every((l) => Number.isInteger(l))) {
      throw new CutsInputError(`key "${image}" must be an array of integer level indices`, file);
    }
    out[image] = levels as number[];
  }
  return out;
}

/** Lists a run folder's images, methods and diffusion levels from its directory structure. */
export async function describeRun(dir: string): Promise<RunListing> {
  const [images, masks, recon, labels] = await Promise.all(
    ['images', 'masks', 'recon', 'labels'].map((d) => listDir(path.join(dir, d))),
  );
  const methods = labels.dirs.filter((d) => d !== 'diffusion_levels').sort(collator.compare);
  const methodStems = await Promise.all(methods.map(async (m) => new Set(pngStems((await listDir(path.join(dir, 'labels', m))).files))));
  const levelsDir = path.join(dir, 'labels', 'diffusion_levels');
  const levelImages = (await listDir(levelsDir)).dirs;
  const index = await readLevelIndex(levelsDir);
  const levelMap = new Map<string, number[]>();
  for (const image of levelImages) {
    const found = pngStems((await listDir(path.join(levelsDir, image))).files)
      .filter((s) => /^\d+$/.test(s))
      .map(Number);
    const have = new Set(found);
    const ordered = index?.[image] ? index[image].filter((l) => have.has(l)) : found.sort((a, b) => a - b);
    if (ordered.length > 0) levelMap.set(image, ordered);
  }
  const imageSet = new Set(pngStems(images.files));
  const maskSet = new Set(pngStems(masks.files));
  const reconSet = new Set(pngStems(recon.files));
  const all = new Set<string>([...imageSet, ...maskSet, ...reconSet, ...levelMap.keys()]);
  for (const s of methodStems) for (const n of s) all.add(n);
  const entries: RunImageEntry[] = [...all].sort(collator.compare).map((name) => ({
    name,
    image: imageSet.has(name),
    mask: maskSet.has(name),
    recon: reconSet.has(name),
    methods: methods.filter((_, i) => methodStems[i].has(name)),
    levels: levelMap.get(name) ?? [],
  }));
  const has = (p: string) => exists(path.join(dir, p));
  return {
    name: path.basename(path.resolve(dir)),
    images: entries,
    methods,
    levelOrder: index ? 'index.json' : 'by-cluster-count',
    files: {
      config: await has('config.json'),
      summary: await has('summary.json'),
      metrics: await has('metrics.csv'),
      report: await has('report.md'),
      trainingLog: await has('model/training-log.json'),
    },
    native: await describeNative(dir),
  };
}
