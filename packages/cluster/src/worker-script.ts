import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Node flags for the workers: the parent's, minus the "@cuts/source" export condition
 * (test runners set it so packages resolve to TypeScript sources, which a plain worker
 * cannot load; the worker runs the built JavaScript instead).
 */
export function workerExecArgv(): string[] {
  const out: string[] = [];
  const argv = process.execArgv;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if ((a === '--conditions' || a === '-C') && argv[i + 1] === '@cuts/source') {
      i++;
      continue;
    }
    if (a === '--conditions=@cuts/source' || a === '-C=@cuts/source') continue;
    out.push(a);
  }
  return out;
}

/**
 * The worker entry as built JavaScript: next to this module in dist/, or — when this
 * module runs from its TypeScript sources (tests) — the package's built dist/.
 */
export function workerScript(): string | undefined {
  const candidates = [
    new URL('./cluster-worker.js', import.meta.url),
    new URL('../dist/cluster-worker.js', import.meta.url),
  ];
  for (const url of candidates) {
    const file = fileURLToPath(url);
    if (existsSync(file)) return file;
  }
  return undefined;
}
