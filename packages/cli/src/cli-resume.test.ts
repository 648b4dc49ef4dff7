/**
 * Crash safety: `kill -9` a real `cuts run` process in the middle of its work,
 * then `--resume`: the final metrics equal an uninterrupted run's with the
 * same seed. Also Ctrl-C (SIGINT) stops with exit 130 and resumes.
 * Runs the built CLI (dist/bin.js; turbo builds it before these tests).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, runCli, writeFastConfig } from './test-utils/cli.js';

const bin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'bin.js');
let tmp: Awaited<ReturnType<typeof makeTempDir>>;
let cfg: string;
const args = (out: string) => ['run', '--out', out, '--epochs', '30', '--demo-count', '3', '--config', cfg, '--quiet'];

beforeAll(async () => {
  if (!existsSync(bin)) throw new Error(`${bin} is missing: build the CLI first (pnpm --filter @cuts/cli build)`);
  tmp = await makeTempDir();
  cfg = await writeFastConfig(tmp.dir);
});
afterAll(() => tmp.cleanup());

function start(out: string): ChildProcess {
  return spawn(process.execPath, [bin, ...args(out)], { stdio: ['ignore', 'ignore', 'pipe'] });
}

/** Resolves once the training log shows at least `epochs` finished epochs. */
async function waitForEpochs(run: string, epochs: number, child: ChildProcess): Promise<void> {
  const log = path.join(run, 'model', 'training-log.json');
  for (let i = 0; i < 2400; i++) {
    if (child.exitCode !== null) throw new Error(`cuts exited early with ${child.exitCode}`);
    try {
      const parsed = JSON.parse(await readFile(log, 'utf8'));
      const history = Array.isArray(parsed) ? parsed : parsed.history;
      if (history.length >= epochs) return;
    } catch {
      /* not written yet */
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('training never reached the wanted epoch');
}

const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

async function metrics(run: string) {
  const summary = JSON.parse(await readFile(path.join(run, 'summary.json'), 'utf8'));
  return { csv: await readFile(path.join(run, 'metrics.csv'), 'utf8'), metrics: summary.metrics };
}

describe('cuts run --resume', () => {
  it('after kill -9 mid-training gives the same final metrics as an uninterrupted run', async () => {
    const whole = path.join(tmp.dir, 'whole');
    expect((await runCli(args(whole))).code).toBe(0);

    const killed = path.join(tmp.dir, 'killed');
    const child = start(killed);
    await waitForEpochs(killed, 5, child);
    child.kill('SIGKILL');
    await exited(child);
    expect(existsSync(path.join(killed, 'summary.json'))).toBe(false);

    const resumed = await runCli([...args(killed), '--resume']);
    expect(resumed.code, resumed.stderr).toBe(0);
    const a = await metrics(whole);
    const b = await metrics(killed);
    expect(b.csv).toBe(a.csv);
    expect(b.metrics).toEqual(a.metrics);
  });

  it('Ctrl-C stops cleanly with exit 130, then --resume finishes', async () => {
    const run = path.join(tmp.dir, 'sigint');
    const child = start(run);
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += d));
    await waitForEpochs(run, 3, child);
    child.kill('SIGINT');
    expect(await exited(child)).toBe(130);
    expect(stderr).toMatch(/interrupted; finished work is kept/);
    // no temp files left behind by atomic writers
    const leftovers = (await import('node:fs/promises')).readdir(path.join(run, 'model'), { recursive: true });
    expect((await leftovers).filter((f) => String(f).includes('.tmp'))).toEqual([]);
    const r = await runCli([...args(run), '--resume']);
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(path.join(run, 'summary.json'))).toBe(true);
  });

  it('refuses to overwrite a finished run without --resume or --force', async () => {
    const r = await runCli(args(path.join(tmp.dir, 'whole')));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/already holds a run; pass --resume/);
  });
});
