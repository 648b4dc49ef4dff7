/**
 * At a terminal (a pseudo-terminal through util-linux `script`): an error ends
 * the progress display and the command exits (issue 15, case 11: it used to
 * print the error inside the bar line and never exit); bars show rate, elapsed
 * time and appear from the start; `pnpm cuts` prints only the command's output.
 */
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, runCli } from './test-utils/cli.js';
import { runInPty } from './test-utils/pty.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const bin = path.resolve(here, '..', 'dist', 'bin.js');
const repo = path.resolve(here, '..', '..', '..');
let tmp: Awaited<ReturnType<typeof makeTempDir>>;
let run: string;

beforeAll(async () => {
  if (!existsSync(bin)) throw new Error(`${bin} is missing: build the CLI first`);
  tmp = await makeTempDir();
  const cfg = path.join(tmp.dir, 'fast.json');
  await writeFile(cfg, JSON.stringify({ data: { imageSize: 32 } }));
  const data = path.join(tmp.dir, 'data');
  expect((await runCli(['demo', '--out', data, '--count', '2', '--quiet'])).code).toBe(0);
  run = path.join(tmp.dir, 'trained');
  const r = await runCli(['train', '--data', data, '--out', run, '--epochs', '1', '--config', cfg, '--quiet']);
  expect(r.code, r.stderr).toBe(0);
}, 300_000);
afterAll(() => tmp.cleanup());

describe('in a terminal', () => {
  it('an error during a stage ends the bars, prints the whole message on its own line, and exits 2', async () => {
    const r = await runInPty([process.execPath, bin, 'cluster', '--run', run], { timeoutMs: 60_000 });
    expect(r.timedOut, r.text).toBe(false);
    expect(r.code).toBe(2);
    const line = r.text.split('\n').find((l) => l.includes('no embeddings for image'));
    expect(line, r.text).toMatch(
      new RegExp(
        `^cuts: ${path.join(run, 'embeddings')}/demo_00\\d\\.npy: no embeddings for image demo_00\\d \\(run \`cuts embed\` first\\)`,
      ),
    );
    // The cursor is shown again (the bar hid it).
    expect(r.raw.lastIndexOf('\x1b[?25h')).toBeGreaterThan(r.raw.lastIndexOf('\x1b[?25l'));
  }, 90_000);

  it('bars show rate and elapsed time, and the embed bar is drawn before the first image is done', async () => {
    const r = await runInPty([process.execPath, bin, 'embed', '--run', run], { timeoutMs: 120_000 });
    expect(r.code, r.text).toBe(0);
    expect(r.text).toMatch(/embed +\|[^|]*\| 0\/2 0% –\/s elapsed 0:00 ETA –/);
    expect(r.text).toMatch(/embed +\|[^|]*\| 2\/2 100% [0-9.]+(\/s| s\/it) elapsed \d+:\d\d ETA 0:00/);
  }, 150_000);

  it("pnpm cuts prints the command's output only: no turbo banner or telemetry notice", async () => {
    const r = await runInPty(['pnpm', '--silent', 'cuts', 'demo', '--help'], { timeoutMs: 240_000, cwd: repo });
    expect(r.code, r.text).toBe(0);
    expect(r.text.trimStart().startsWith('Usage: cuts demo [options]'), r.text).toBe(true);
    expect(r.text).not.toMatch(/turbo|Packages in scope|telemetry|Tasks:|Cached:/i);
  }, 300_000);
});
