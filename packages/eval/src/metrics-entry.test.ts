/**
 * `@cuts/eval/metrics` must stay browser-safe: no module reachable from
 * src/metrics.ts may import a Node built-in, the fs report writers, or the
 * baselines. Checked statically over the relative import graph.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { builtinModules } from 'node:module';
import { describe, expect, it } from 'vitest';
import * as metricsEntry from './metrics.js';

const srcDir = path.dirname(fileURLToPath(import.meta.url));

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/^(?:import|export)\s[^;]*?from\s+'([^']+)'/gms)].map((m) => m[1]);
}

function reachable(entry: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const todo = [entry];
  while (todo.length) {
    const file = todo.pop() as string;
    if (out.has(file)) continue;
    const specs = importsOf(file);
    out.set(file, specs);
    for (const s of specs)
      if (s.startsWith('.')) todo.push(path.resolve(path.dirname(file), s.replace(/\.js$/, '.ts')));
  }
  return out;
}

describe('@cuts/eval/metrics entry', () => {
  const graph = reachable(path.join(srcDir, 'metrics.ts'));

  it('imports no Node built-ins, report writers or baselines', () => {
    const builtins = new Set(builtinModules);
    for (const [file, specs] of graph) {
      const rel = path.relative(srcDir, file);
      expect(rel.startsWith('baselines') || rel === path.join('report', 'write.ts'), rel).toBe(false);
      for (const s of specs) expect(s.startsWith('node:') || builtins.has(s), `${rel} imports ${s}`).toBe(false);
    }
    expect(graph.size).toBeGreaterThan(10);
  });

  it('exports the metrics, protocols and summary API', () => {
    for (const name of [
      'dice',
      'iou',
      'hausdorff',
      'hd95',
      'maskSsim',
      'scoreMask',
      'applyProtocol',
      'evaluateImage',
      'summarize',
      'parseSummary',
      'renderMarkdownTable',
      'multiClassDice',
    ]) {
      expect(typeof (metricsEntry as Record<string, unknown>)[name], name).toBe('function');
    }
    expect('writeSummaryJson' in metricsEntry).toBe(false);
    expect('runBaseline' in metricsEntry).toBe(false);
  });
});
