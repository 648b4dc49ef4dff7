/**
 * The workspace as the checker sees it: each package's manifest and the text
 * of its code files. `loadWorkspace` reads it from disk; tests build one in
 * memory to feed the checker synthetic violations.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

export interface PackageJson {
  readonly name?: string;
  readonly dependencies?: Readonly<Record<string, string>>;
  readonly devDependencies?: Readonly<Record<string, string>>;
  readonly peerDependencies?: Readonly<Record<string, string>>;
  readonly optionalDependencies?: Readonly<Record<string, string>>;
  /** The export map: its `.ts`/`.js` targets name the package's entry files. */
  readonly exports?: unknown;
}

export interface SourceFile {
  /** Path relative to the package folder, `/`-separated (`src/kmeans.ts`). */
  readonly path: string;
  readonly text: string;
}

export interface WorkspacePackage {
  /** Folder relative to the repository root (`packages/cluster`). */
  readonly dir: string;
  readonly manifest: PackageJson;
  readonly files: readonly SourceFile[];
  /** README.md text, when there is one. */
  readonly readme?: string;
}

/** Folders whose code the checker reads: `src/` always; the others hold tests, benchmarks and examples. */
export const CODE_FOLDERS = ['src', 'bench', 'examples', 'scripts', 'faults', 'test'] as const;
const CODE_FILE = /\.(ts|tsx|mts|cts|js|mjs|cjs)$/;
const SKIP_DIRS = new Set(['node_modules', 'dist', '.turbo', 'coverage']);

function listFiles(root: string, rel: string, out: string[]): void {
  const full = path.join(root, rel);
  for (const name of readdirSync(full)) {
    if (SKIP_DIRS.has(name)) continue;
    const childRel = `${rel}/${name}`;
    if (statSync(path.join(root, childRel)).isDirectory()) listFiles(root, childRel, out);
    else if (CODE_FILE.test(name) && !name.endsWith('.d.ts')) out.push(childRel);
  }
}

/** The package folders named by pnpm-workspace.yaml's `packages:` globs (`dir/*` or a folder). */
export function workspaceDirs(repoRoot: string): string[] {
  const yaml = readFileSync(path.join(repoRoot, 'pnpm-workspace.yaml'), 'utf8');
  const block = yaml.split(/^packages:\s*$/m)[1] ?? '';
  const globs: string[] = [];
  for (const line of block.split('\n').slice(1)) {
    const m = /^\s+-\s+['"]?([^'"#\s]+)['"]?/.exec(line);
    if (m) globs.push(m[1]);
    else if (line.trim() && !line.startsWith(' ')) break;
  }
  const dirs: string[] = [];
  for (const glob of globs) {
    if (glob.endsWith('/*')) {
      const parent = glob.slice(0, -2);
      if (!existsSync(path.join(repoRoot, parent))) continue;
      for (const name of readdirSync(path.join(repoRoot, parent)).sort()) {
        if (existsSync(path.join(repoRoot, parent, name, 'package.json'))) dirs.push(`${parent}/${name}`);
      }
    } else if (existsSync(path.join(repoRoot, glob, 'package.json'))) dirs.push(glob);
  }
  return dirs;
}

/** Reads every workspace package's manifest, README and code files. */
export function loadWorkspace(repoRoot: string): WorkspacePackage[] {
  return workspaceDirs(repoRoot).map((dir) => {
    const abs = path.join(repoRoot, dir);
    const files: string[] = [];
    for (const folder of CODE_FOLDERS) if (existsSync(path.join(abs, folder))) listFiles(abs, folder, files);
    const readmePath = path.join(abs, 'README.md');
    return {
      dir,
      manifest: JSON.parse(readFileSync(path.join(abs, 'package.json'), 'utf8')) as PackageJson,
      files: files.map((f) => ({ path: f, text: readFileSync(path.join(abs, f), 'utf8') })),
      ...(existsSync(readmePath) ? { readme: readFileSync(readmePath, 'utf8') } : {}),
    };
  });
}

/** Walks up from `start` to the folder holding pnpm-workspace.yaml. */
export function repoRootFrom(start: string): string {
  let dir = path.resolve(start);
  while (!existsSync(path.join(dir, 'pnpm-workspace.yaml'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no pnpm-workspace.yaml above ${start}`);
    dir = parent;
  }
  return dir;
}
