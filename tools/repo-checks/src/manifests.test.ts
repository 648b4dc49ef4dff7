/**
 * Every workspace package.json is checked against the publishing rules (issue 14):
 * the tarball a team installs must hold what the manifest points at, and nothing
 * that points outside it. Packages are found through pnpm-workspace.yaml, so a new
 * package is checked as soon as it exists.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import semver from 'semver';
import { describe, expect, it } from 'vitest';
import {
  exportTargets,
  isShipped,
  type Manifest,
  readJson,
  readJsonc,
  repoRoot,
  rootManifest,
  type WorkspacePackage,
  workspacePackages,
} from './manifests-workspace.js';

const root = rootManifest();
const all = workspacePackages();
const publishable = all.filter((p) => !p.manifest.private);
const byName = new Map(all.map((p) => [p.manifest.name, p]));
const rootRepoUrl = typeof root.repository === 'object' ? root.repository.url : undefined;
const rootLicenseText = readFileSync(path.join(repoRoot, 'LICENSE'), 'utf8');

/** Non-test TypeScript/JavaScript sources of a package (src/, plus bin and bench are excluded on purpose). */
function runtimeSources(pkg: WorkspacePackage): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (e.name !== 'test-utils' && e.name !== 'e2e' && e.name !== 'node_modules') walk(p);
      } else if (/\.(ts|tsx|mts|js|mjs)$/.test(e.name) && !/\.test\.[a-z]+$/.test(e.name)) out.push(p);
    }
  };
  const src = path.join(pkg.abs, 'src');
  if (existsSync(src)) walk(src);
  return out;
}

/** Problems with one publishable manifest; an empty list means it is fine. */
function publishProblems(pkg: WorkspacePackage): string[] {
  const m = pkg.manifest;
  const problems: string[] = [];
  const files = m.files ?? [];
  if (!/^@cuts\/[a-z0-9-]+$/.test(m.name)) problems.push(`name "${m.name}" is not @cuts/<kebab-case>`);
  if (!m.version || !semver.valid(m.version)) problems.push(`version "${m.version}" is not a semver version`);
  if (!m.description) problems.push('no description');
  if (m.type !== 'module') problems.push('"type" must be "module" (the packages are ESM)');
  if (m.license !== root.license) problems.push(`license "${m.license}" differs from the root's "${root.license}"`);
  const license = path.join(pkg.abs, 'LICENSE');
  if (!existsSync(license)) problems.push('no LICENSE file (copy the root LICENSE into the package folder)');
  else if (readFileSync(license, 'utf8') !== rootLicenseText) problems.push('LICENSE differs from the root LICENSE');
  if (!existsSync(path.join(pkg.abs, 'README.md'))) problems.push('no README.md');

  const repo = m.repository;
  if (typeof repo !== 'object' || repo.type !== 'git' || repo.url !== rootRepoUrl || repo.directory !== pkg.dir) {
    problems.push(`repository must be {"type": "git", "url": "${rootRepoUrl}", "directory": "${pkg.dir}"}`);
  }
  if (m.engines?.node !== root.engines?.node)
    problems.push(`engines.node "${m.engines?.node}" differs from the root's "${root.engines?.node}"`);
  if (m.sideEffects === undefined)
    problems.push('no "sideEffects" (false, or the list of modules with import-time effects)');
  else if (Array.isArray(m.sideEffects)) {
    for (const f of m.sideEffects)
      if (!isShipped(files, f)) problems.push(`sideEffects entry "${f}" is not in the tarball`);
  } else if (m.sideEffects !== false && m.sideEffects !== true)
    problems.push('"sideEffects" must be a boolean or a list');

  if (!files.length) problems.push('no "files" list');
  for (const f of files) {
    if (/^(\.\/)?src(\/|$)/.test(f))
      problems.push(`"files" ships "${f}": sources are not published (dist only, no source maps)`);
  }
  for (const s of ['build', 'test', 'lint']) if (!m.scripts?.[s]) problems.push(`no "${s}" script`);

  // Export map: "@cuts/source" (workspace-only, first key) instead of "development";
  // every other target shipped; "types" before "default".
  if (!m.exports) problems.push('no "exports" map');
  for (const { keys, target } of exportTargets(m.exports)) {
    const where = `exports[${keys.map((k) => JSON.stringify(k)).join('][')}]`;
    if (keys.includes('development'))
      problems.push(
        `${where}: the "development" condition is enabled by Vite/webpack dev builds of consumers; use "@cuts/source"`,
      );
    if (keys.at(-1) === '@cuts/source') {
      if (!/^\.\/src\/.+\.tsx?$/.test(target) || !existsSync(path.join(pkg.abs, target)))
        problems.push(`${where}: "${target}" is not an existing ./src/*.ts file`);
    } else if (!isShipped(files, target))
      problems.push(`${where}: "${target}" is not in the tarball ("files": ${JSON.stringify(files)})`);
  }
  const conditionObjects = (exp: unknown): Record<string, unknown>[] =>
    exp && typeof exp === 'object' && !Array.isArray(exp)
      ? [exp as Record<string, unknown>, ...Object.values(exp).flatMap(conditionObjects)]
      : [];
  for (const obj of conditionObjects(m.exports)) {
    const keys = Object.keys(obj);
    if (keys.includes('@cuts/source') && keys[0] !== '@cuts/source')
      problems.push('"@cuts/source" must be the first condition of its export');
    if (keys.includes('types') && keys.includes('default') && keys.indexOf('types') > keys.indexOf('default'))
      problems.push('"types" must come before "default"');
    if (keys.includes('default') && keys.at(-1) !== 'default') problems.push('"default" must be the last condition');
  }
  for (const [field, target] of [
    ['main', m.main],
    ['types', m.types],
  ] as const) {
    if (target && !isShipped(files, target)) problems.push(`${field} "${target}" is not in the tarball`);
  }
  const bins = typeof m.bin === 'string' ? { [m.name]: m.bin } : (m.bin ?? {});
  for (const [b, target] of Object.entries(bins))
    if (!isShipped(files, target)) problems.push(`bin "${b}" → "${target}" is not in the tarball`);

  // Dependencies: workspace ones by workspace:^ on publishable packages; every runtime
  // dependency is imported by shipped code (test- and bench-only ones are devDependencies).
  const sources = runtimeSources(pkg).map((f) => readFileSync(f, 'utf8'));
  for (const [dep, range] of Object.entries({ ...m.dependencies, ...m.optionalDependencies, ...m.peerDependencies })) {
    const local = byName.get(dep);
    if (local) {
      if (range !== 'workspace:^') problems.push(`dependency ${dep}: "${range}" (use "workspace:^")`);
      if (local.manifest.private)
        problems.push(`dependency ${dep} is private: the published package could not be installed`);
    }
    if (dep.startsWith('@types/')) continue;
    const quoted = new RegExp(`['"\`]${dep.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}(/[^'"\`]*)?['"\`]`);
    if (!sources.some((s) => quoted.test(s)))
      problems.push(`dependency ${dep} is not imported by any non-test file under src/ (a devDependency?)`);
  }
  return problems;
}

describe('workspace package manifests', () => {
  it('finds the workspace packages through pnpm-workspace.yaml', () => {
    const names = all.map((p) => p.manifest.name);
    for (const n of ['@cuts/core', '@cuts/data', '@cuts/cli', '@cuts/viewer', '@cuts/repo-checks'])
      expect(names).toContain(n);
    expect(new Set(names).size).toBe(names.length);
  });

  it('the root declares the license, repository and Node range the packages repeat', () => {
    expect(root.license).toBe('MIT');
    expect(rootLicenseText).toMatch(/^MIT License\n\nCopyright \(c\) \d{4} cuts-ts contributors\n/);
    expect(rootRepoUrl).toMatch(/^git\+https:\/\/.+\.git$/);
    expect(semver.validRange(root.engines?.node ?? '')).not.toBeNull();
    for (const s of ['lint', 'format', 'format:check', 'docs', 'test:pack'])
      expect(root.scripts?.[s], `root script ${s}`).toBeTruthy();
  });

  it.each(publishable.map((p) => [p.dir, p] as const))('%s is publishable', (_dir, pkg) => {
    expect(publishProblems(pkg)).toEqual([]);
  });

  it.each(all.filter((p) => p.manifest.private).map((p) => [p.dir, p] as const))(
    '%s (private) has a lint script and is no dependency of a published package',
    (_dir, pkg) => {
      expect(pkg.manifest.scripts?.lint).toBeTruthy();
      const dependents = publishable.filter((p) =>
        Object.keys(p.manifest.dependencies ?? {}).includes(pkg.manifest.name),
      );
      expect(dependents.map((p) => p.manifest.name)).toEqual([]);
    },
  );

  it('changesets ignores no package a published package depends on', () => {
    const config = readJson<{ ignore?: string[] }>(path.join(repoRoot, '.changeset/config.json'));
    const ignored = new Set(config.ignore ?? []);
    const offending = publishable
      .filter((p) => !ignored.has(p.manifest.name))
      .flatMap((p) =>
        Object.keys(p.manifest.dependencies ?? {})
          .filter((d) => ignored.has(d))
          .map((d) => `${p.manifest.name} → ${d}`),
      );
    expect(offending).toEqual([]);
  });

  it("every tsconfig.build.json compiles against dependencies' dist (customConditions reset)", () => {
    const base = readJsonc<{
      compilerOptions: { customConditions?: string[]; sourceMap?: boolean; declarationMap?: boolean };
    }>(path.join(repoRoot, 'tsconfig.base.json'));
    expect(base.compilerOptions.customConditions).toEqual(['@cuts/source']);
    expect(base.compilerOptions.sourceMap).toBe(false);
    expect(base.compilerOptions.declarationMap ?? false).toBe(false);
    for (const pkg of publishable) {
      const file = path.join(pkg.abs, 'tsconfig.build.json');
      if (!existsSync(file) || !statSync(file).isFile()) continue;
      expect(
        readJsonc<{ compilerOptions?: { customConditions?: string[] } }>(file).compilerOptions?.customConditions,
        `${pkg.dir}/tsconfig.build.json`,
      ).toEqual([]);
    }
  });
});

describe('the manifest rules catch what they are for', () => {
  it('isShipped follows "files" with folders, globs and negations', () => {
    expect(isShipped(['dist', '!dist/bench'], './dist/index.js')).toBe(true);
    expect(isShipped(['dist', '!dist/bench'], './dist/bench/cluster.js')).toBe(false);
    expect(isShipped(['dist', '!dist/**/*.map'], 'dist/a/b.js.map')).toBe(false);
    expect(isShipped(['dist', '!dist/**/*.map'], 'dist/b.js.map')).toBe(false);
    expect(isShipped(['dist', '!dist/**/*.map'], 'dist/a/b.js')).toBe(true);
    expect(isShipped(['dist'], './src/index.ts')).toBe(false);
    expect(isShipped(['README.md'], 'README.md')).toBe(true);
  });

  const core = byName.get('@cuts/core') as WorkspacePackage;
  const mutate = (patch: (m: Manifest) => void): string[] => {
    const manifest = structuredClone(core.manifest);
    patch(manifest);
    return publishProblems({ ...core, manifest });
  };

  it('a "development" condition, an unshipped target and src in files are reported', () => {
    expect(publishProblems(core)).toEqual([]);
    expect(
      mutate((m) => {
        m.exports = { '.': { development: './src/index.ts', types: './dist/index.d.ts', default: './dist/index.js' } };
      }).join('\n'),
    ).toMatch(/"development" condition/);
    expect(
      mutate((m) => {
        m.exports = { '.': { types: './types/index.d.ts', default: './dist/index.js' } };
      }).join('\n'),
    ).toMatch(/"\.\/types\/index\.d\.ts" is not in the tarball/);
    expect(
      mutate((m) => {
        m.files = ['dist', 'src'];
      }).join('\n'),
    ).toMatch(/sources are not published/);
  });

  it('missing engines/sideEffects/repository, a private or test-only dependency are reported', () => {
    expect(
      mutate((m) => {
        delete m.sideEffects;
      }).join('\n'),
    ).toMatch(/no "sideEffects"/);
    expect(
      mutate((m) => {
        m.engines = { node: '>=18' };
      }).join('\n'),
    ).toMatch(/engines\.node ">=18" differs/);
    expect(
      mutate((m) => {
        m.repository = { type: 'git', url: rootRepoUrl };
      }).join('\n'),
    ).toMatch(/"directory": "packages\/core"/);
    expect(
      mutate((m) => {
        m.dependencies = { ...m.dependencies, '@cuts/repo-checks': 'workspace:^' };
      }).join('\n'),
    ).toMatch(/@cuts\/repo-checks is private/);
    expect(
      mutate((m) => {
        m.dependencies = { ...m.dependencies, 'ml-kmeans': '^7.0.1' };
      }).join('\n'),
    ).toMatch(/ml-kmeans is not imported/);
  });
});
