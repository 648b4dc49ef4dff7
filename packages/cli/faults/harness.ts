/** Helpers for the fault suite: real `cuts` processes with injected faults, and output comparison. */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';

const here = path.dirname(fileURLToPath(import.meta.url));
export const bin = path.resolve(here, '..', 'dist', 'bin.js');
const inject = path.join(here, 'inject.mjs');

export interface CutsResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
  seconds: number;
}

/** Runs the built `cuts` with the fault injector loaded; `env` sets CUTS_FAULT_*. */
export function cuts(
  args: readonly string[],
  env: Record<string, string> = {},
  onStart?: (pid: number) => void,
): Promise<CutsResult> {
  const start = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', inject, bin, ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    if (onStart) onStart(child.pid!);
    child.on('close', (code, signal) => resolve({ code, signal, stderr, seconds: (performance.now() - start) / 1000 }));
  });
}

async function files(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

const sha = (b: Uint8Array | string) => createHash('sha256').update(b).digest('hex');

/**
 * Everything a run produced that must not depend on interruptions: label maps,
 * images, masks, reconstructions, metrics, and the checkpoints' weights and
 * training state (weights files have random names: compared by content).
 * Timings (summary.json, report.md, state.json) and config.json's creation time are left out.
 */
export async function outputsOf(run: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const f of await files(run)) {
    const bytes = await readFile(path.join(run, f));
    if (/^(labels|labels_native|images|masks|recon|overlays)\//.test(f) || f === 'metrics.csv') out[f] = sha(bytes);
    else if (/^model\/(best|last)\/weights-.*\.bin$/.test(f))
      out[f.replace(/weights-.*\.bin$/, 'weights.bin')] = sha(bytes);
    else if (/^model\/(best|last)\/model\.json$/.test(f))
      out[f] = sha(bytes.toString('utf8').replace(/weights-[a-z0-9]+-[0-9a-f]+\.bin/g, 'weights.bin'));
  }
  return out;
}

/**
 * No half-written file under a final name: every PNG decodes fully, every JSON
 * parses, every checkpoint's weights match its manifest; and no temporary file is left.
 */
export async function assertAllComplete(run: string): Promise<string[]> {
  const problems: string[] = [];
  for (const f of await files(run)) {
    const p = path.join(run, f);
    const name = path.basename(f);
    if (name.endsWith('.tmp')) continue; // temporary names are not final names (removed on --resume)
    try {
      if (f.endsWith('.png')) await sharp(p).raw().toBuffer();
      else if (f.endsWith('.json')) JSON.parse(await readFile(p, 'utf8'));
      if (/^model\/(best|last)\/model\.json$/.test(f)) {
        const json = JSON.parse(await readFile(p, 'utf8'));
        const group = json.weightsManifest[0];
        const need = group.weights.reduce(
          (s: number, w: { shape: number[] }) => s + w.shape.reduce((a, b) => a * b, 1) * 4,
          0,
        );
        const have = (
          await Promise.all(group.paths.map((w: string) => readFile(path.join(path.dirname(p), w))))
        ).reduce((s, b) => s + b.length, 0);
        if (have !== need) problems.push(`${f}: weights ${have} bytes, manifest needs ${need}`);
      }
    } catch (err) {
      problems.push(`${f}: ${(err as Error).message}`);
    }
  }
  return problems;
}

export async function temporaries(run: string): Promise<string[]> {
  return (await files(run)).filter((f) => f.endsWith('.tmp'));
}
