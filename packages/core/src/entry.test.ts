/**
 * @cuts/core stays light: its main and browser entries load no tensor library
 * and no Node built-in (only zod and core's own modules), and export the same
 * names; test helpers live only in `@cuts/core/testing`.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as browserEntry from './browser.js';
import * as mainEntry from './index.js';
import * as testingEntry from './testing.js';

const srcDir = path.dirname(fileURLToPath(import.meta.url));

/** Every module specifier reachable from `entry` through relative imports, by file. */
function importGraph(entry: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const todo = [entry];
  while (todo.length) {
    const file = todo.pop() as string;
    if (out.has(file)) continue;
    const text = readFileSync(file, 'utf8');
    const specs = [
      ...text.matchAll(/^\s*(?:import|export)\s[^;]*?from\s+'([^']+)'/gms),
      ...text.matchAll(/\bimport\(\s*'([^']+)'\s*\)/g),
    ].map((m) => m[1]);
    out.set(file, specs);
    for (const s of specs)
      if (s.startsWith('.')) todo.push(path.resolve(path.dirname(file), s.replace(/\.js$/, '.ts')));
  }
  return out;
}

describe('@cuts/core entries', () => {
  for (const entry of ['index.ts', 'browser.ts']) {
    it(`${entry} reaches only core's own modules and zod`, () => {
      const graph = importGraph(path.join(srcDir, entry));
      expect(graph.size).toBeGreaterThan(8);
      for (const [file, specs] of graph) {
        for (const s of specs) {
          const ok = s.startsWith('.') || s === 'zod';
          expect(ok, `${path.relative(srcDir, file)} imports ${s}`).toBe(true);
        }
      }
    });
  }

  it('main and browser entries export the same names, without tensors or test helpers', () => {
    expect(Object.keys(mainEntry).sort()).toEqual(Object.keys(browserEntry).sort());
    for (const gone of [
      'tf',
      'selectBackend',
      'currentBackend',
      'sharedDataPath',
      'sharedDataForTests',
      'findRepoRoot',
    ]) {
      expect(gone in mainEntry, gone).toBe(false);
    }
    expect(typeof mainEntry.parseConfig).toBe('function');
    expect(typeof mainEntry.Rng).toBe('function');
    expect(Object.keys(testingEntry).sort()).toEqual(['findRepoRoot', 'sharedDataForTests', 'sharedDataPath']);
  });

  it('createConsoleReporter writes to any text sink', () => {
    const lines: string[] = [];
    const reporter = mainEntry.createConsoleReporter('info', { write: (t: string) => lines.push(t) });
    reporter.log('debug', 'hidden');
    reporter.log('info', 'shown');
    reporter.log('warn', 'careful');
    expect(lines).toEqual(['shown\n', 'warn: careful\n']);
  });
});
