/**
 * The repository obeys the stage rules (rules.ts), and the checker catches
 * each kind of violation when one is fed to it.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkWorkspace, entryFiles, formatViolations, isDevFile, REPO_RULES, type Violation } from './boundaries.js';
import { moduleReferences } from './imports.js';
import { RULES } from './rules.js';
import { loadWorkspace, repoRootFrom, type WorkspacePackage } from './workspace.js';

const repoRoot = repoRootFrom(path.dirname(fileURLToPath(import.meta.url)));
const workspace = loadWorkspace(repoRoot);

function pkg(name: string): WorkspacePackage {
  const found = workspace.find((p) => p.manifest.name === name);
  if (!found) throw new Error(`${name} not in the workspace`);
  return found;
}

/** The real workspace with one package changed. */
function withPackage(name: string, change: (p: WorkspacePackage) => WorkspacePackage): WorkspacePackage[] {
  return workspace.map((p) => (p.manifest.name === name ? change(p) : p));
}

function withFile(name: string, file: string, text: string): WorkspacePackage[] {
  return withPackage(name, (p) => ({ ...p, files: [...p.files, { path: file, text }] }));
}

const messages = (vs: readonly Violation[]) => vs.map((v) => `${v.where}: ${v.message}`);

describe('the repository', () => {
  it('reads every workspace package and its code', () => {
    const names = workspace.map((p) => p.manifest.name);
    for (const n of [
      '@cuts/core',
      '@cuts/data',
      '@cuts/train',
      '@cuts/cluster',
      '@cuts/eval',
      '@cuts/queue',
      '@cuts/cli',
      '@cuts/viewer',
      '@cuts/repo-checks',
    ]) {
      expect(names).toContain(n);
    }
    expect(pkg('@cuts/cluster').files.some((f) => f.path === 'src/kmeans.ts')).toBe(true);
    expect(pkg('@cuts/cli').files.some((f) => f.path.startsWith('bench/'))).toBe(true);
  });

  it('breaks no stage rule', () => {
    const violations = checkWorkspace(workspace);
    expect(violations, formatViolations(violations)).toEqual([]);
  });

  it('finds the package entries from the export maps', () => {
    expect(entryFiles(pkg('@cuts/core'))).toEqual(['src/browser.ts', 'src/index.ts', 'src/testing.ts']);
    expect(entryFiles(pkg('@cuts/eval'))).toEqual(['src/index.ts', 'src/metrics.ts']);
    expect(entryFiles(pkg('@cuts/viewer'))).toContain('src/server/index.ts');
  });
});

describe('the checker catches a synthetic violation', () => {
  it('a stage importing a stage it must not use (cluster → train)', () => {
    const vs = checkWorkspace(withFile('@cuts/cluster', 'src/bad.ts', "import { trainCuts } from '@cuts/train';\n"));
    expect(messages(vs)).toEqual([
      'packages/cluster/src/bad.ts:1: imports @cuts/train; @cuts/cluster may use @cuts/core (takes any N × D matrix; does not know where embeddings come from (no train))',
    ]);
  });

  it('every way of referring to a module', () => {
    const text = [
      "import type { CutsModel } from '@cuts/train';",
      "export { kmeans } from '@cuts/cluster';",
      "import '@cuts/cli';",
      "const viewer = await import('@cuts/viewer');",
      "const data = require('@cuts/data');",
      "const where = require.resolve('@cuts/queue');",
      "import cjs = require('@cuts/cli');",
      "let t: typeof import('@cuts/train');",
    ].join('\n');
    const vs = checkWorkspace(withFile('@cuts/eval', 'src/bad.ts', text));
    expect(vs.map((v) => v.where)).toEqual([1, 2, 3, 4, 5, 6, 7, 8].map((l) => `packages/eval/src/bad.ts:${l}`));
    expect(vs.every((v) => /^imports @cuts\/\w+; @cuts\/eval may use @cuts\/core /.test(v.message))).toBe(true);
  });

  it('any stage importing the cli or the viewer', () => {
    for (const stage of ['@cuts/core', '@cuts/data', '@cuts/train', '@cuts/cluster', '@cuts/eval', '@cuts/queue']) {
      for (const top of ['@cuts/cli', '@cuts/viewer']) {
        const vs = checkWorkspace(withFile(stage, 'src/bad.ts', `export { x } from '${top}';\n`));
        expect(vs.map((v) => v.message).join('\n'), `${stage} → ${top}`).toMatch(
          new RegExp(`^imports ${top}; ${stage} may use`),
        );
      }
    }
  });

  it('a package.json dependency that breaks a rule, and tfjs in core', () => {
    const vs = checkWorkspace(
      withPackage('@cuts/eval', (p) => ({
        ...p,
        manifest: { ...p.manifest, dependencies: { ...p.manifest.dependencies, '@cuts/cluster': 'workspace:^' } },
      })),
    );
    expect(messages(vs)).toEqual([
      'packages/eval/package.json: dependencies has @cuts/cluster; @cuts/eval may use @cuts/core',
    ]);
    const core = checkWorkspace(
      withPackage('@cuts/core', (p) => ({
        ...p,
        manifest: { ...p.manifest, dependencies: { ...p.manifest.dependencies, '@tensorflow/tfjs-core': '4.22.0' } },
      })),
    );
    expect(messages(core)).toEqual([
      'packages/core/package.json: dependencies has @tensorflow/tfjs-core, which @cuts/core must not use (types, config, Rng, errors: everything else stands on it, so it stays light (no tensors))',
    ]);
    const coreImport = checkWorkspace(
      withFile('@cuts/core', 'src/bad.ts', "import * as tf from '@tensorflow/tfjs-core';\n"),
    );
    expect(messages(coreImport)[0]).toMatch(
      /^packages\/core\/src\/bad\.ts:1: imports @tensorflow\/tfjs-core, which @cuts\/core must not use/,
    );
  });

  it('test-only entries and dev dependencies stay out of runtime code', () => {
    const helper = checkWorkspace(
      withFile('@cuts/data', 'src/io/bad.ts', "import { sharedDataPath } from '@cuts/core/testing';\n"),
    );
    expect(messages(helper)).toEqual([
      'packages/data/src/io/bad.ts:1: imports @cuts/core/testing, an entry for tests only, from runtime code',
    ]);
    // cluster's tests may load images with @cuts/data (a devDependency); its runtime code may not.
    expect(
      checkWorkspace(withFile('@cuts/cluster', 'src/x.test.ts', "import { readNpy } from '@cuts/data';\n")),
    ).toEqual([]);
    expect(
      messages(checkWorkspace(withFile('@cuts/cluster', 'src/x.ts', "import { readNpy } from '@cuts/data';\n")))[0],
    ).toMatch(/imports @cuts\/data; @cuts\/cluster may use @cuts\/core/);
  });

  it('an allowed import that package.json does not declare', () => {
    const vs = checkWorkspace(
      withPackage('@cuts/cluster', (p) => ({
        ...p,
        manifest: { ...p.manifest, devDependencies: {} },
        files: [...p.files, { path: 'src/y.test.ts', text: "import '@cuts/data';\n" }],
      })),
    );
    expect(messages(vs)).toContain(
      "packages/cluster/src/y.test.ts:1: imports @cuts/data, but @cuts/data is not in @cuts/cluster's dependencies or devDependencies",
    );
  });

  it('a browser-safe contract using a whole package instead of its browser entry', () => {
    const runFolder: WorkspacePackage = {
      dir: 'packages/run-folder',
      manifest: {
        name: '@cuts/run-folder',
        dependencies: { '@cuts/core': 'workspace:^', '@cuts/eval': 'workspace:^' },
      },
      files: [
        {
          path: 'src/paths.ts',
          text: "import { CutsInputError } from '@cuts/core/browser';\nimport { parseSummary } from '@cuts/eval';\n",
        },
      ],
      readme: '## Dependencies\n\n- **May use:** `@cuts/core/browser`, `@cuts/eval/metrics`\n',
    };
    const vs = checkWorkspace([runFolder]);
    expect(vs.map((v) => v.where)).toEqual([
      'packages/run-folder/src/paths.ts:2',
      'packages/run-folder/README.md',
      'packages/run-folder/README.md',
    ]);
    expect(vs[0].message).toMatch(
      /^imports @cuts\/eval; @cuts\/run-folder may use @cuts\/core\/browser, @cuts\/eval\/metrics/,
    );
  });

  it('relative imports into another package, computed imports, unknown packages, export * in an entry', () => {
    const outside = checkWorkspace(
      withFile('@cuts/cluster', 'src/bad.ts', "import { x } from '../../train/src/train.js';\n"),
    );
    expect(messages(outside)).toEqual([
      'packages/cluster/src/bad.ts:1: ../../train/src/train.js reaches outside packages/cluster: import another package by its name',
    ]);
    const computed = checkWorkspace(
      withFile('@cuts/data', 'src/bad.ts', 'const m = await import(process.env.X as string);\n'),
    );
    expect(messages(computed)[0]).toMatch(/^packages\/data\/src\/bad\.ts:1: dynamic-import of a computed specifier/);
    const stranger: WorkspacePackage = { dir: 'packages/new', manifest: { name: '@cuts/new' }, files: [] };
    expect(messages(checkWorkspace([stranger]))).toEqual([
      'packages/new/package.json: @cuts/new is not in the rules table (tools/repo-checks/src/rules.ts): add its row',
    ]);
    const star = checkWorkspace(
      withPackage('@cuts/cluster', (p) => ({
        ...p,
        files: p.files.map((f) =>
          f.path === 'src/index.ts' ? { ...f, text: `${f.text}export * from './knn.js';\n` } : f,
        ),
      })),
    );
    expect(messages(star)).toEqual([
      expect.stringMatching(
        /^packages\/cluster\/src\/index\.ts:\d+: export \* from '\.\/knn\.js' in a package entry: list the public names$/,
      ),
    ]);
  });

  it('a README whose Dependencies section disagrees with the table', () => {
    const vs = checkWorkspace(
      withPackage('@cuts/train', (p) => ({
        ...p,
        readme: (p.readme as string).replace('**May use:** `@cuts/core`, `@cuts/data`', '**May use:** `@cuts/core`'),
      })),
    );
    expect(messages(vs)).toEqual([
      'packages/train/README.md: "**May use:**" lists @cuts/core; the rules table says @cuts/core, @cuts/data',
    ]);
  });
});

describe('pieces', () => {
  it('moduleReferences reads literal and computed references with their lines', () => {
    const refs = moduleReferences(
      'a.mjs',
      "import a from 'x';\nconst b = await import(name);\nexport * from './y.js';\n",
    );
    expect(refs).toEqual([
      { specifier: 'x', kind: 'import', line: 1 },
      { specifier: null, kind: 'dynamic-import', line: 2 },
      { specifier: './y.js', kind: 'export', line: 3 },
    ]);
    // Text that only looks like an import (in a string or a comment) is not one.
    expect(moduleReferences('b.ts', "const s = \"import x from '@cuts/cli'\";\n// import('@cuts/viewer')\n")).toEqual(
      [],
    );
  });

  it('tells tests and benchmarks from runtime code', () => {
    expect(isDevFile('src/kmeans.ts')).toBe(false);
    expect(isDevFile('src/kmeans.test.ts')).toBe(true);
    expect(isDevFile('src/test-utils/lift.ts')).toBe(true);
    expect(isDevFile('src/e2e/browser.ts')).toBe(true);
    expect(isDevFile('bench/cluster.ts')).toBe(true);
  });

  it('the rules table puts the cli and the viewer on top and keeps stages apart', () => {
    const stages = Object.entries(RULES).filter(
      ([, r]) => r.kind === 'stage' || r.kind === 'foundation' || r.kind === 'service' || r.kind === 'contract',
    );
    for (const [name, rule] of stages) {
      for (const top of ['@cuts/cli', '@cuts/viewer'])
        expect(
          rule.mayUse.some((u) => u.startsWith(top)),
          `${name} may use ${top}`,
        ).toBe(false);
    }
    expect(RULES['@cuts/cluster'].mayUse).not.toContain('@cuts/train');
    expect(RULES['@cuts/eval'].mayUse).not.toContain('@cuts/train');
    expect(REPO_RULES.rules).toBe(RULES);
  });
});
