/**
 * The fault suite (`pnpm test:faults`): real `cuts` processes killed (kill -9)
 * or interrupted (SIGINT) at chosen points of every stage, a full disk, corrupt
 * state/config/checkpoint files, two writers at once and a read-only --out.
 * After each: the run resumes to bit-identical outputs, or it exits 2 naming
 * the file; never a half-written file under a final name.
 */
import { execFileSync } from 'node:child_process';
import { chmod, cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertAllComplete, cuts, outputsOf, temporaries } from './harness.js';

let tmp: string;
let cfg: string;
let reference: Record<string, string>;
let referenceRun: string;
/** 2 demo images at 32², 1 epoch: every stage, small. */
const runArgs = (out: string, ...extra: string[]) => [
  'run',
  '--out',
  out,
  '--epochs',
  '1',
  '--demo-count',
  '2',
  '--config',
  cfg,
  '--quiet',
  ...extra,
];

beforeAll(async () => {
  tmp = await mkdtemp(path.join(tmpdir(), 'cuts-faults-'));
  cfg = path.join(tmp, 'fast.json');
  await writeFile(cfg, JSON.stringify({ data: { imageSize: 32 } }));
  referenceRun = path.join(tmp, 'reference');
  const r = await cuts(runArgs(referenceRun));
  expect(r.code, r.stderr).toBe(0);
  reference = await outputsOf(referenceRun);
  expect(Object.keys(reference).filter((f) => f.startsWith('labels/')).length).toBeGreaterThan(6);
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

async function resumeMatchesReference(run: string): Promise<void> {
  const r = await cuts(runArgs(run, '--resume'));
  expect(r.code, r.stderr).toBe(0);
  expect(await temporaries(run)).toEqual([]);
  expect(await outputsOf(run)).toEqual(reference);
}

describe('kill -9 at points of every stage, then --resume', () => {
  const points: [string, string][] = [
    [
      'train: right after the best weights are written, before model.json points at them',
      'after:model/best/weights-:1',
    ],
    ['embed: before the first reconstruction', 'before:/recon/:1'],
    ['cluster: after the first label map, before the image is recorded', 'after:/labels/:1'],
    ['evaluate: before metrics.csv', 'before:metrics.csv:1'],
  ];
  it.each(points)('%s', async (_name, point) => {
    const run = path.join(tmp, `kill-${point.replace(/[^a-z0-9]+/gi, '-')}`);
    const r = await cuts(runArgs(run), { CUTS_FAULT_AT: `kill:${point}` });
    expect(r.signal, `the fault point was never reached: ${r.stderr}`).toBe('SIGKILL');
    expect(await assertAllComplete(run)).toEqual([]);
    expect(existsSync(path.join(run, 'summary.json'))).toBe(false);
    await resumeMatchesReference(run);
  });
});

describe('SIGINT (Ctrl-C) at every stage, then --resume', () => {
  const points: [string, string, number[]][] = [
    ['train', 'after:model/last/model.json:1', [130]],
    ['embed', 'after:/recon/:1', [130]],
    // Evaluation writes its three files at the end: a Ctrl-C that arrives during those writes lets them finish.
    ['evaluate', 'before:metrics.csv:1', [130, 0]],
  ];
  it.each(points)('%s', async (_name, point, codes) => {
    const run = path.join(tmp, `int-${point.replace(/[^a-z0-9]+/gi, '-')}`);
    const r = await cuts(runArgs(run), { CUTS_FAULT_AT: `int:${point}` });
    expect(codes, r.stderr).toContain(r.code);
    if (r.code === 130) expect(r.stderr).toMatch(/interrupted; finished work is kept/);
    expect(await temporaries(run)).toEqual([]);
    expect(await assertAllComplete(run)).toEqual([]);
    await resumeMatchesReference(run);
  });

  it('during clustering of a single image (case 3): stops at once with 130, then resumes', async () => {
    const run = path.join(tmp, 'int-one-image');
    const one = path.join(tmp, 'one.json');
    await writeFile(one, JSON.stringify({ data: { imageSize: 96 } }));
    const args = ['run', '--out', run, '--epochs', '1', '--demo-count', '1', '--config', one, '--quiet'];
    let pid = 0;
    const running = cuts(args, {}, (p) => (pid = p));
    // Wait until the image is embedded (its reconstruction is written just before it is
    // clustered: embeddings stream into clustering), so clustering is under way.
    const state = path.join(run, 'state.json');
    const recon = path.join(run, 'recon', 'demo_001.png');
    for (let i = 0; i < 6000 && !existsSync(recon); i++) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 200));
    const sent = performance.now();
    process.kill(pid, 'SIGINT');
    const r = await running;
    const after = (performance.now() - sent) / 1000;
    expect(r.code, r.stderr).toBe(130);
    expect(after).toBeLessThan(10);
    expect(JSON.parse(await readFile(state, 'utf8')).finished).not.toContain('cluster');
    const again = await cuts([...args, '--resume']);
    expect(again.code, again.stderr).toBe(0);
    expect(existsSync(path.join(run, 'labels', 'kmeans', 'demo_001.png'))).toBe(true);
  });
});

describe('a full disk (injected ENOSPC: writes cut short, then refused)', () => {
  it('while training writes a checkpoint (case 7): exit 2 naming the file, nothing half-written, then --resume', async () => {
    const run = path.join(tmp, 'enospc');
    // Room for the demo set and part of the first checkpoint's weights.
    const r = await cuts(runArgs(run), { CUTS_FAULT_DISK_BYTES: '1000000' });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(
      new RegExp(`^cuts: ${run}/\\S+: cannot write file: no space left on the device \\(ENOSPC\\)`, 'm'),
    );
    expect(await temporaries(run)).toEqual([]);
    expect(await assertAllComplete(run)).toEqual([]);
    await resumeMatchesReference(run);
  });
});

describe('corrupt files in the run folder', () => {
  const cases: [string, string, (b: Buffer) => Buffer | string][] = [
    ['state.json: truncated', 'state.json', (b) => b.subarray(0, Math.floor(b.length / 2))],
    ['state.json: valid JSON, wrong shape', 'state.json', () => '{"version":1,"finished":{},"done":[],"seconds":0}'],
    ['config.json: garbage bytes', 'config.json', () => Buffer.from([0xff, 0xfe, 0x00, 0x7b])],
    ['config.json: wrong shape', 'config.json', () => '[1,2,3]'],
    ['model/last/model.json: truncated', 'model/last/model.json', (b) => b.subarray(0, 100)],
    ['model/best weights: truncated', 'model/best/weights', (b) => b.subarray(0, b.length - 7)],
  ];
  it.each(cases)('%s: exit 2 naming the file', async (_name, rel, corrupt) => {
    const run = path.join(tmp, `corrupt-${_name.replace(/[^a-z0-9]+/gi, '-')}`);
    await cp(referenceRun, run, { recursive: true });
    let file = path.join(run, rel);
    if (rel.endsWith('weights')) {
      const dir = path.dirname(file);
      file = path.join(
        dir,
        (await import('node:fs/promises').then((fs) => fs.readdir(dir))).find((f) => f.endsWith('.bin'))!,
      );
    }
    await writeFile(file, corrupt(await readFile(file)));
    // Training finished, so the best model is only read by stage commands; --resume reads the rest.
    const args = rel.startsWith('model/best')
      ? ['embed', '--run', run, '--quiet']
      : rel.startsWith('model/last')
        ? ['train', '--out', run, '--epochs', '1', '--config', cfg, '--resume', '--quiet']
        : runArgs(run, '--resume');
    if (rel.startsWith('model/last')) {
      // Make training unfinished so --resume reads the last checkpoint.
      const state = JSON.parse(await readFile(path.join(run, 'state.json'), 'utf8'));
      state.finished = [];
      await writeFile(path.join(run, 'state.json'), JSON.stringify(state));
    }
    const r = await cuts(args);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain(`cuts: ${file}: `);
  });
});

describe('two writers, and a read-only --out', () => {
  it('two runs into the same --out at once: one refused naming the other, the other unharmed', async () => {
    const run = path.join(tmp, 'two-writers');
    const [a, b] = await Promise.all([
      cuts(runArgs(run)),
      new Promise((r) => setTimeout(r, 50)).then(() => cuts(runArgs(run))),
    ]);
    const codes = [a.code, b.code].sort();
    expect(codes, `${a.stderr}\n${b.stderr}`).toEqual([0, 2]);
    expect((a.code === 2 ? a : b).stderr).toMatch(/in use by another cuts process \(pid \d+ on /);
    expect(await outputsOf(run)).toEqual(reference);
  });

  it('a read-only --out: exit 2 naming the folder', async (ctx) => {
    const ro = path.join(tmp, 'read-only');
    await mkdir(ro);
    let cleanup = async () => {};
    if (process.getuid?.() === 0) {
      // root ignores permission bits: a read-only tmpfs is the real thing, where mount works.
      try {
        execFileSync('mount', ['-t', 'tmpfs', '-o', 'ro,size=1m', 'tmpfs', ro], { stdio: 'ignore' });
        cleanup = async () => void execFileSync('umount', [ro], { stdio: 'ignore' });
      } catch {
        ctx.skip(); // no permission to mount here, and root ignores file modes
        return;
      }
    } else {
      await chmod(ro, 0o555);
    }
    try {
      const r = await cuts(runArgs(path.join(ro, 'run')));
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(
        new RegExp(
          `^cuts: ${ro}/run: cannot create the run folder: (read-only file system \\(EROFS\\)|permission denied \\(EACCES\\))`,
          'm',
        ),
      );
    } finally {
      await cleanup();
    }
  });
});
