/**
 * Every name a package entry exports has TSDoc at its declaration; the check
 * finds an undocumented export in a package written to a scratch folder.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { entryExports, undocumentedExports } from './api-docs.js';
import { loadWorkspace, repoRootFrom } from './workspace.js';

const repoRoot = repoRootFrom(path.dirname(fileURLToPath(import.meta.url)));
const scratch = mkdtempSync(path.join(os.tmpdir(), 'cuts-api-docs-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('public names', () => {
  const workspace = loadWorkspace(repoRoot);
  const exported = entryExports(repoRoot, workspace);
  const namesOf = (entry: string) => exported.filter((e) => e.entry === entry).map((e) => e.name);

  it('every export of every package entry is documented', () => {
    const missing = undocumentedExports(repoRoot, workspace);
    expect(missing.map((m) => `${m.entry}: ${m.name} (${m.declared})`)).toEqual([]);
  });

  it('internals are not exported from the main entries', () => {
    const internals: [string, string[]][] = [
      [
        'packages/train/src/index.ts',
        ['trainStep', 'registerTrainingGradients', 'registerWasmGradientKernels', 'batchLoss', 'ntXent', 'AdamW'],
      ],
      [
        'packages/cluster/src/index.ts',
        ['knnGraph', 'sqDist', 'kmeansOnBuffer', 'pcaScores', 'landmarkPotential', 'workerScript'],
      ],
      ['packages/core/src/index.ts', ['sharedDataForTests', 'sharedDataPath', 'selectBackend', 'currentBackend', 'tf']],
      [
        'packages/eval/src/metrics.ts',
        ['assertBinary', 'confusionCounts', 'squaredDistanceToSites', 'hintCluster', 'writeSummaryJson'],
      ],
      ['packages/data/src/index.ts', ['temporaryNameFor', 'readPatch', 'anchorRange', 'nearestSourceIndex']],
      ['packages/cli/src/index.ts', ['RunDir', 'RunStateStore', 'writeJsonAtomic']],
    ];
    for (const [entry, names] of internals) {
      const have = namesOf(entry);
      expect(have.length, entry).toBeGreaterThan(1);
      for (const n of names) expect(have, `${entry} exports ${n}`).not.toContain(n);
    }
    expect(namesOf('packages/train/src/index.ts')).toEqual(
      expect.arrayContaining(['trainCuts', 'selectBackend', 'tf']),
    );
    expect(namesOf('packages/core/src/testing.ts').sort()).toEqual([
      'findRepoRoot',
      'sharedDataForTests',
      'sharedDataPath',
    ]);
  });

  it('reports an undocumented export, and only that one', () => {
    mkdirSync(path.join(scratch, 'packages/demo/src'), { recursive: true });
    writeFileSync(
      path.join(scratch, 'packages/demo/src/a.ts'),
      '/** Documented. */\nexport function documented(): number {\n  return 1;\n}\n\nexport interface Bare {\n  x: number;\n}\n\nexport function internal(): void {}\n',
    );
    writeFileSync(
      path.join(scratch, 'packages/demo/src/index.ts'),
      "export { documented, type Bare } from './a.js';\n",
    );
    const pkg = {
      dir: 'packages/demo',
      manifest: { name: '@cuts/demo', exports: { '.': { types: './dist/index.d.ts', default: './dist/index.js' } } },
      files: [
        { path: 'src/index.ts', text: '' },
        { path: 'src/a.ts', text: '' },
      ],
    };
    expect(undocumentedExports(scratch, [pkg])).toEqual([
      { entry: 'packages/demo/src/index.ts', name: 'Bare', declared: 'packages/demo/src/a.ts:6' },
    ]);
  });
});
