/**
 * The workspace as the manifest checks see it: the root package.json and every
 * package that pnpm-workspace.yaml's `packages:` globs match (so packages added
 * later are checked without touching these tests).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export interface Manifest {
  name: string;
  version?: string;
  private?: boolean;
  description?: string;
  license?: string;
  type?: string;
  repository?: { type?: string; url?: string; directory?: string } | string;
  engines?: Record<string, string>;
  sideEffects?: boolean | string[];
  exports?: Record<string, unknown>;
  main?: string;
  types?: string;
  bin?: string | Record<string, string>;
  files?: string[];
  scripts?: Record<string, string>;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

export interface WorkspacePackage {
  /** Folder relative to the repository root, with forward slashes ("packages/core"). */
  dir: string;
  abs: string;
  manifest: Manifest;
}

export function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}

/** JSON with whole-line `//` comments (tsconfig files). */
export function readJsonc<T>(file: string): T {
  return JSON.parse(readFileSync(file, 'utf8').replace(/^\s*\/\/.*$/gm, '')) as T;
}

export const rootManifest = (): Manifest => readJson<Manifest>(path.join(repoRoot, 'package.json'));

/** The `packages:` globs of pnpm-workspace.yaml (only the `dir/*` and plain-folder forms are used here). */
export function workspaceGlobs(): string[] {
  const lines = readFileSync(path.join(repoRoot, 'pnpm-workspace.yaml'), 'utf8').split('\n');
  const start = lines.findIndex((l) => /^packages:\s*$/.test(l));
  if (start < 0) throw new Error('pnpm-workspace.yaml has no packages: list');
  const globs: string[] = [];
  for (const line of lines.slice(start + 1)) {
    const m = /^\s+-\s+['"]?([^'"#\s]+)['"]?\s*$/.exec(line);
    if (m) globs.push(m[1]);
    else if (/^\S/.test(line)) break;
  }
  return globs;
}

export function workspacePackages(): WorkspacePackage[] {
  const out: WorkspacePackage[] = [];
  for (const glob of workspaceGlobs()) {
    if (glob.startsWith('!')) continue;
    if (!/^[\w.-]+(\/[\w.-]+)*(\/\*)?$/.test(glob))
      throw new Error(`pnpm-workspace.yaml: glob "${glob}" is not understood by repo-checks`);
    const dirs = glob.endsWith('/*')
      ? readdirSync(path.join(repoRoot, glob.slice(0, -2)), { withFileTypes: true })
          .filter((d) => d.isDirectory())
          .map((d) => `${glob.slice(0, -2)}/${d.name}`)
      : [glob];
    for (const dir of dirs) {
      const abs = path.join(repoRoot, dir);
      if (!existsSync(path.join(abs, 'package.json'))) continue;
      out.push({ dir, abs, manifest: readJson<Manifest>(path.join(abs, 'package.json')) });
    }
  }
  return out.sort((a, b) => a.dir.localeCompare(b.dir));
}

/** Every string target in an exports map, with the chain of keys that leads to it. */
export function exportTargets(exp: unknown, keys: string[] = []): Array<{ keys: string[]; target: string }> {
  if (typeof exp === 'string') return [{ keys, target: exp }];
  if (Array.isArray(exp)) return exp.flatMap((e) => exportTargets(e, keys));
  if (exp && typeof exp === 'object') return Object.entries(exp).flatMap(([k, v]) => exportTargets(v, [...keys, k]));
  return [];
}

/**
 * Whether `file` (relative, "./dist/x.js" or "dist/x.js") is inside the package's
 * `files` list. Supports the forms used here: folders, exact files and "!" exclusions
 * with a trailing glob; a negation that matches wins.
 */
export function isShipped(files: string[], file: string): boolean {
  const rel = file.replace(/^\.\//, '');
  const matches = (pattern: string): boolean => {
    const p = pattern.replace(/^\.\//, '').replace(/\/$/, '');
    if (p.includes('*')) {
      const escaped = p.split('**').map((part) => part.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*'));
      const re = new RegExp(`^${escaped.join('.*').replace(/\.\*\//g, '(.*/)?')}(/.*)?$`);
      return re.test(rel);
    }
    return rel === p || rel.startsWith(`${p}/`);
  };
  let shipped = false;
  for (const f of files) {
    if (f.startsWith('!')) {
      if (matches(f.slice(1))) shipped = false;
    } else if (matches(f)) shipped = true;
  }
  return shipped;
}
