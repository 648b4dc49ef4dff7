/**
 * Locating the real labelled datasets that live beside the checkout
 * (`<repo>/../shared/data`). Tests and benchmarks read them in place; they are
 * never copied into the project.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Walks up from `start` to the directory holding pnpm-workspace.yaml. */
export function findRepoRoot(start: string = path.dirname(fileURLToPath(import.meta.url))): string {
  let dir = path.resolve(start);
  for (;;) {
    if (existsSync(path.join(dir, 'pnpm-workspace.yaml'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no pnpm-workspace.yaml above ${start}`);
    dir = parent;
  }
}

/**
 * Absolute path of `../shared/data/<sub>` relative to the repository root, or
 * undefined when it is absent. `CUTS_SHARED_DATA` overrides the location.
 */
export function sharedDataPath(sub = ''): string | undefined {
  const base = process.env.CUTS_SHARED_DATA ?? path.resolve(findRepoRoot(), '..', 'shared', 'data');
  const full = path.join(base, sub);
  return existsSync(full) ? full : undefined;
}

/**
 * For tests on real data: the path, or — when the data is missing — an error
 * under CI (`CI=true`; real-data tests must never skip silently there) and
 * `undefined` locally so the caller can skip with a visible reason.
 */
export function sharedDataForTests(sub: string): string | undefined {
  const found = sharedDataPath(sub);
  if (found) return found;
  if (process.env.CI === 'true' || process.env.CI === '1') {
    throw new Error(
      `CI=true but the real data ../shared/data/${sub} is missing; real-data tests must not be skipped in CI`,
    );
  }
  return undefined;
}
