/**
 * Every name a package entry exports has TSDoc at its declaration; the check
 * finds an undocumented export in a package written to a scratch folder.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { undocumentedExports } from './api-docs.js';
import { loadWorkspace, repoRootFrom } from './workspace.js';

const repoRoot = repoRootFrom(path.dirname(fileURLToPath(import.meta.url)));
const scratch = mkdtempSync(path.join(os.tmpdir(), 'cuts-api-docs-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('TSDoc on public names', () => {
  it('every export of every package entry is documented', () => {
    const missing = undocumentedExports(repoRoot, loadWorkspace(repoRoot));
    expect(missing.map((m) => `${m.entry}: ${m.name} (${m.declared})`)).toEqual([]);
  });

  it('reports an undocumented export, and only that one', () => {
    mkdirSync(path.join(scratch, 'packages/demo/src'), { recursive: true });
    writeFileSync(
      path.join(scratch, 'packages/demo/src/a.ts'),
      '/** Documented. */\nexport function documented(): number {\n  return 1;\n}\n\nexport interface Bare {\n  x: number;\n}\n\nexport function internal(): void {}\n',
    );
    writeFileSync(path.join(scratch, 'packages/demo/src/index.ts'), "export { documented, type Bare } from './a.js';\n");
    const pkg = {
      dir: 'packages/demo',
      manifest: { name: '@cuts/demo', exports: { '.': { types: './dist/index.d.ts', default: './dist/index.js' } } },
      files: [
        { path: 'src/index.ts', text: '' },
        { path: 'src/a.ts', text: '' },
      ],
    };
    expect(undocumentedExports(scratch, [pkg])).toEqual([{ entry: 'packages/demo/src/index.ts', name: 'Bare', declared: 'packages/demo/src/a.ts:6' }]);
  });
});
