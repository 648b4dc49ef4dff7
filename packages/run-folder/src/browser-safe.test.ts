/**
 * The main entry must stay browser-safe (the viewer bundles it): no module reachable from
 * src/index.ts may import a Node built-in, `@cuts/core`'s main entry (tfjs) or `@cuts/eval`'s
 * main entry (fs writers, baselines). Checked statically over the import graph.
 */
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const srcDir = path.dirname(fileURLToPath(import.meta.url));
const importsOf = (file: string) =>
  [...readFileSync(file, 'utf8').matchAll(/^(?:import|export)\s[^;]*?from\s+'([^']+)'/gms)].map((m) => m[1]);

describe('@cuts/run-folder main entry', () => {
  it('imports only browser-safe modules', () => {
    const seen = new Map<string, string[]>();
    const todo = [path.join(srcDir, 'index.ts')];
    while (todo.length) {
      const file = todo.pop()!;
      if (seen.has(file)) continue;
      seen.set(file, importsOf(file));
      for (const s of seen.get(file)!)
        if (s.startsWith('.')) todo.push(path.resolve(path.dirname(file), s.replace(/\.js$/, '.ts')));
    }
    expect([...seen.keys()].map((f) => path.basename(f))).not.toContain('node.ts');
    const external = new Set([...seen.values()].flat().filter((s) => !s.startsWith('.')));
    expect([...external].sort()).toEqual(['@cuts/core/browser', '@cuts/eval/metrics', 'papaparse', 'zod']);
    for (const s of external) expect(builtinModules.includes(s.replace(/^node:/, '')), s).toBe(false);
  });
});
