import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { CutsInputError } from '@cuts/core';
import { LEVELS_METHOD, parseLevelsIndex, RUN_DIRS, RUN_FILES, RUN_MARKERS, runPaths } from '@cuts/run-folder';
import { readRunJson, readRunMarker } from '@cuts/run-folder/node';
import { describeNative } from './native-listing.js';
import type { RunImageEntry, RunListing } from './run-listing.js';

/** Files or folders whose presence marks a folder as a cuts run (the run-folder contract's list). */
export { RUN_MARKERS };

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
 * config.json, summary.json or labels/) in a format this viewer reads (cuts-run.json).
 * Throws CutsInputError naming the folder (or cuts-run.json) otherwise.
 */
export async function assertRunFolder(dir: string): Promise<void> {
  let info;
  try {
    info = await stat(dir);
  } catch {
    throw new CutsInputError('run folder does not exist', dir);
  }
  if (!info.isDirectory()) throw new CutsInputError('not a folder (expected a run folder written by `cuts run`)', dir);
  for (const marker of RUN_MARKERS) {
    if (await exists(path.join(dir, marker))) {
      await readRunMarker(dir); // a folder from a newer cuts-ts: refused naming cuts-run.json
      return;
    }
  }
  throw new CutsInputError(
    `not a cuts run folder: none of ${RUN_MARKERS.join(', ')} found (write one with \`cuts run --out <dir>\`)`,
    dir,
  );
}

/** labels/diffusion_levels/index.json, validated by the run-folder contract; null when absent. */
async function readLevelIndex(dir: string): Promise<Record<string, number[]> | null> {
  const json = await readRunJson(dir, RUN_FILES.levelsIndex);
  return json === undefined ? null : parseLevelsIndex(json, path.join(dir, RUN_FILES.levelsIndex));
}

/** Lists a run folder's images, methods and diffusion levels from its directory structure. */
export async function describeRun(dir: string): Promise<RunListing> {
  const [images, masks, recon, labels] = await Promise.all(
    [RUN_DIRS.images, RUN_DIRS.masks, RUN_DIRS.recon, RUN_DIRS.labels].map((d) => listDir(path.join(dir, d))),
  );
  const methods = labels.dirs.filter((d) => d !== LEVELS_METHOD).sort(collator.compare);
  const methodStems = await Promise.all(
    methods.map(async (m) => new Set(pngStems((await listDir(path.join(dir, runPaths.labelsDir(m)))).files))),
  );
  const levelImages = (await listDir(path.join(dir, RUN_DIRS.labels, LEVELS_METHOD))).dirs;
  const index = await readLevelIndex(dir);
  const levelMap = new Map<string, number[]>();
  for (const image of levelImages) {
    const found = pngStems((await listDir(path.join(dir, runPaths.levelsDir(image)))).files)
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
      config: await has(RUN_FILES.config),
      summary: await has(RUN_FILES.summary),
      metrics: await has(RUN_FILES.metrics),
      report: await has(RUN_FILES.report),
      trainingLog: await has(RUN_FILES.trainingLog),
    },
    native: await describeNative(dir),
  };
}
