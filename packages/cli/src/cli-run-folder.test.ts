/**
 * Run-folder safety (issue 15, cases 1, 2, 4, 5, 8, 10): each test reproduces a
 * reported failure on a real run folder written by a real (tiny) `cuts run`.
 */
import { cp, mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, runCli } from './test-utils/cli.js';
import { RUN_FOLDER_SCHEMA_VERSION } from '@cuts/run-folder';
import { heldRunLocks, LOCK_NAME } from './run-lock.js';

let tmp: Awaited<ReturnType<typeof makeTempDir>>;
let cfg: string;
let base: string;
/** `cuts run` on 2 demo images at 32², 1 epoch. */
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
  tmp = await makeTempDir();
  cfg = path.join(tmp.dir, 'fast.json');
  await writeFile(cfg, JSON.stringify({ data: { imageSize: 32 } }));
  base = path.join(tmp.dir, 'base');
  const r = await runCli(runArgs(base));
  expect(r.code, r.stderr).toBe(0);
}, 300_000);
afterAll(() => tmp.cleanup());

async function copyRun(name: string): Promise<string> {
  const dir = path.join(tmp.dir, name);
  await cp(base, dir, { recursive: true });
  return dir;
}

/** A folder of user images (3 PNGs, one 300×50) with masks. */
async function userData(name: string): Promise<string> {
  const dir = path.join(tmp.dir, name);
  await mkdir(path.join(dir, 'images'), { recursive: true });
  await mkdir(path.join(dir, 'masks'), { recursive: true });
  for (const [i, [w, h]] of [
    [300, 50],
    [40, 40],
    [48, 32],
  ].entries()) {
    const img = new Uint8Array(w * h * 3).map((_, k) => (k * 7 + i * 31) % 251);
    await sharp(img, { raw: { width: w, height: h, channels: 3 } })
      .png()
      .toFile(path.join(dir, 'images', `image${i}.png`));
    const mask = new Uint8Array(w * h).map((_, k) => (k % w < w / 2 ? 255 : 0));
    await sharp(mask, { raw: { width: w, height: h, channels: 1 } })
      .toColourspace('b-w')
      .png()
      .toFile(path.join(dir, 'masks', `image${i}.png`));
  }
  return dir;
}

async function snapshot(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const f of (await readdir(dir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile())) {
    const p = path.join(f.parentPath, f.name);
    out[path.relative(dir, p)] = (await readFile(p)).toString('base64');
  }
  return out;
}

describe('--out and --data', () => {
  it('case 1: --out equal to --data is refused and the images are untouched', async () => {
    const data = await userData('user-data');
    const before = await snapshot(data);
    const r = await runCli(runArgs(data, '--data', data));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--out: is the data folder itself; a run would overwrite your images/);
    expect(await snapshot(data)).toEqual(before);
  });

  it('--out inside --data, or containing it, is refused', async () => {
    const data = await userData('user-data2');
    const inside = await runCli(runArgs(path.join(data, 'runs', 'x'), '--data', data));
    expect(inside.code).toBe(2);
    expect(inside.stderr).toMatch(/--out: .* is inside the data folder/);
    expect(existsSync(path.join(data, 'runs'))).toBe(false);
    const around = await runCli(runArgs(tmp.dir, '--data', data));
    expect(around.code).toBe(2);
    expect(around.stderr).toMatch(/contains the data folder/);
  });
});

describe('--resume', () => {
  it('case 2: another --data is refused naming --data; metrics.csv and config.json stay as they were', async () => {
    const run = await copyRun('resume-data');
    const before = await snapshot(run);
    const data = await userData('other-data');
    const r = await runCli(runArgs(run, '--resume', '--data', data));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${path.join(run, 'config.json')}: --resume must continue the same run`);
    expect(r.stderr).toMatch(/--data \(run: the demo set, now: .*other-data\)/);
    expect(await snapshot(run)).toEqual(before);
  });

  it('case 2: --seed 7 --epochs 5 are refused naming seed and train.epochs', async () => {
    const run = await copyRun('resume-seed');
    const before = await snapshot(run);
    const r = await runCli(['run', '--out', run, '--resume', '--seed', '7', '--epochs', '5', '--quiet']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/seed \(run: 1, now: 7\)/);
    expect(r.stderr).toMatch(/train\.epochs \(run: 1, now: 5\)/);
    expect(await snapshot(run)).toEqual(before);
  });

  it("--resume without flags takes the run's own settings (nothing to redo), and may change cluster.workers", async () => {
    const run = await copyRun('resume-plain');
    const csv = await readFile(path.join(run, 'metrics.csv'), 'utf8');
    const workers = path.join(tmp.dir, 'workers.json');
    await writeFile(workers, JSON.stringify({ cluster: { workers: 1 } }));
    const r = await runCli(['run', '--out', run, '--resume', '--quiet', '--config', workers]);
    expect(r.code, r.stderr).toBe(0);
    expect(await readFile(path.join(run, 'metrics.csv'), 'utf8')).toBe(csv);
  });
});

describe('one writer at a time', () => {
  it('case 4: a live lock refuses a second writer, naming pid, host and start', async () => {
    const run = await copyRun('locked');
    await writeFile(
      path.join(run, LOCK_NAME),
      JSON.stringify({ pid: process.pid, host: os.hostname(), started: '2026-01-01T00:00:00.000Z', command: 'run' }),
    );
    const r = await runCli(runArgs(run, '--resume'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      `${run}: in use by another cuts process (pid ${process.pid} on ${os.hostname()}, started 2026-01-01T00:00:00.000Z`,
    );
    for (const cmd of ['cluster', 'evaluate']) expect((await runCli([cmd, '--run', run, '--quiet'])).code, cmd).toBe(2);
    expect(existsSync(path.join(run, LOCK_NAME))).toBe(true); // someone else's lock is left alone
  });

  it('a lock left by a dead process is taken over, and released at the end', async () => {
    const run = await copyRun('stale');
    await writeFile(
      path.join(run, LOCK_NAME),
      JSON.stringify({ pid: 2 ** 22 + 12345, host: os.hostname(), started: 'x', command: 'run' }),
    );
    const r = await runCli(['evaluate', '--run', run, '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(path.join(run, LOCK_NAME))).toBe(false);
    expect(heldRunLocks()).toEqual([]);
  });
});

describe('--force', () => {
  it("case 5: removes what cuts wrote (old labels are not scored again) and keeps the user's files", async () => {
    const run = await copyRun('force');
    await mkdir(path.join(run, 'labels', 'old_method'), { recursive: true });
    await cp(path.join(run, 'labels', 'kmeans'), path.join(run, 'labels', 'old_method'), { recursive: true });
    await writeFile(path.join(run, 'notes.txt'), 'mine');
    const r = await runCli(runArgs(run, '--force', '--methods', 'kmeans', '--no-controls'));
    expect(r.code, r.stderr).toBe(0);
    expect(await readdir(path.join(run, 'labels'))).toEqual(['kmeans']);
    expect(await readFile(path.join(run, 'metrics.csv'), 'utf8')).not.toMatch(/old_method|spectral|diffusion/);
    expect(await readFile(path.join(run, 'notes.txt'), 'utf8')).toBe('mine');
  }, 120_000);

  it("a folder of someone else's files is never used, even with --force", async () => {
    const data = await userData('not-a-run');
    const before = await snapshot(data);
    const r = await runCli(runArgs(data, '--force'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/holds files cuts did not write \(images, masks\)/);
    expect(await snapshot(data)).toEqual(before);
  });
});

describe('evaluate', () => {
  it('case 8: a missing label map is an error naming it, not dropped from the scores', async () => {
    const run = await copyRun('missing-label');
    const ids = (await readdir(path.join(run, 'labels', 'kmeans'))).sort();
    const gone = path.join(run, 'labels', 'kmeans', ids[0]);
    await rm(gone);
    const r = await runCli(['evaluate', '--run', run, '--quiet']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${gone}: missing label map for image ${ids[0].replace(/\.png$/, '')}`);
  });
});

describe('case 10: clear errors (exit 2, the file named) instead of exit 1 and a raw message', () => {
  it('config.json and state.json that parse but have the wrong shape', async () => {
    const a = await copyRun('bad-config');
    await writeFile(path.join(a, 'config.json'), JSON.stringify({ config: {}, seed: 'one' }));
    const r = await runCli(['evaluate', '--run', a, '--quiet']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${path.join(a, 'config.json')}: not a valid run config ("seed" is not an integer)`);
    const b = await copyRun('bad-state');
    await writeFile(path.join(b, 'state.json'), JSON.stringify({ version: 1, finished: 'all', done: {}, seconds: {} }));
    const s = await runCli(runArgs(b, '--resume'));
    expect(s.code).toBe(2);
    expect(s.stderr).toContain(
      `${path.join(b, 'state.json')}: not a valid run state ("finished" must list stage names)`,
    );
  });

  it('a run folder from a newer cuts-ts (cuts-run.json schemaVersion above ours) is refused naming cuts-run.json', async () => {
    const run = await copyRun('newer-format');
    const marker = path.join(run, 'cuts-run.json');
    expect(JSON.parse(await readFile(marker, 'utf8')).schemaVersion).toBe(RUN_FOLDER_SCHEMA_VERSION);
    await writeFile(
      marker,
      JSON.stringify({ schemaVersion: RUN_FOLDER_SCHEMA_VERSION + 1, writer: '@cuts/cli 9.0.0' }),
    );
    const expected = `${marker}: this run folder was written by @cuts/cli 9.0.0 in run-folder format ${RUN_FOLDER_SCHEMA_VERSION + 1}`;
    for (const args of [['evaluate', '--run', run, '--quiet'], runArgs(run, '--resume')]) {
      const r = await runCli(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toContain(expected);
    }
  });

  it('truncated checkpoint weights', async () => {
    const run = await copyRun('bad-weights');
    const dir = path.join(run, 'model', 'best');
    const weights = (await readdir(dir)).find((f) => f.endsWith('.bin'))!;
    const bytes = await readFile(path.join(dir, weights));
    await writeFile(path.join(dir, weights), bytes.subarray(0, 1000));
    const r = await runCli(['embed', '--run', run, '--quiet']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      `${path.join(dir, weights)}: corrupt checkpoint weights: 1000 bytes, the manifest in model.json needs ${bytes.length}`,
    );
  });

  it('--out that is a file; empty --out / --data; --epochs 0x2', async () => {
    const file = path.join(tmp.dir, 'a-file');
    await writeFile(file, 'x');
    const f = await runCli(runArgs(file));
    expect([f.code, f.stderr.trim()]).toEqual([
      2,
      `cuts: ${file}: exists and is not a folder; --out must name a folder`,
    ]);
    expect((await runCli(['run', '--out', '', '--quiet'])).stderr).toMatch(/--out: must not be empty/);
    expect((await runCli(['run', '--data', '', '--out', path.join(tmp.dir, 'e'), '--quiet'])).stderr).toMatch(
      /--data: must not be empty/,
    );
    const e = await runCli(['run', '--epochs', '0x2', '--out', path.join(tmp.dir, 'e2'), '--quiet']);
    expect([e.code, e.stderr.trim()]).toEqual([2, 'cuts: --epochs: expected an integer ≥ 1, got "0x2"']);
    expect(existsSync(path.join(tmp.dir, 'e2'))).toBe(false);
  });

  it('--port 70000 and a port in use', async () => {
    const big = await runCli(['view', base, '--port', '70000']);
    expect([big.code, big.stderr.trim()]).toEqual([
      2,
      'cuts: --port: expected an integer from 0 to 65535, got "70000"',
    ]);
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const used = await runCli(['view', base, '--port', String(port)]);
      expect([used.code, used.stderr.trim()]).toEqual([
        2,
        `cuts: --port: port ${port} is already in use (choose another, or leave --port out for a free one)`,
      ]);
    } finally {
      blocker.close();
    }
  });

  it('--json: errors are JSON on stderr and the result object on stdout', async () => {
    const r = await runCli(['run', '--epochs', 'x', '--out', path.join(tmp.dir, 'j'), '--json']);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stderr.trim())).toEqual({
      type: 'error',
      code: 2,
      message: '--epochs: expected an integer ≥ 1, got "x"',
      file: '--epochs',
    });
    expect(JSON.parse(r.stdout.trim())).toEqual({
      ok: false,
      error: { code: 2, message: '--epochs: expected an integer ≥ 1, got "x"', file: '--epochs' },
    });
    const u = await runCli(['run', '--frobnicate', '--json']);
    expect(u.code).toBe(2);
    expect(JSON.parse(u.stderr.trim()).message).toMatch(/unknown option '--frobnicate'/);
  });

  it('a failed start leaves no empty run folder', async () => {
    const out = path.join(tmp.dir, 'never');
    const r = await runCli(runArgs(out, '--data', path.join(tmp.dir, 'no-such-data')));
    expect(r.code).toBe(2);
    expect(existsSync(out)).toBe(false);
  });

  it('segment after a channel mismatch: refused before writing, and the retry hint names --force (segment has no --resume)', async () => {
    const grey = path.join(tmp.dir, 'grey');
    await mkdir(grey);
    await sharp(
      new Uint8Array(400).map((_, i) => i % 255),
      { raw: { width: 20, height: 20, channels: 1 } },
    )
      .toColourspace('b-w')
      .png()
      .toFile(path.join(grey, 'g.png'));
    const out = path.join(tmp.dir, 'seg');
    const r = await runCli(['segment', '--model', base, '--data', grey, '--out', out, '--quiet']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/the model was trained on 3-channel images but .*g\.png has 1/);
    expect(existsSync(out)).toBe(false);
    await mkdir(out);
    await cp(path.join(base, 'config.json'), path.join(out, 'config.json'));
    const again = await runCli(['segment', '--model', base, '--data', grey, '--out', out, '--quiet']);
    expect(again.stderr).toMatch(/already holds a run; pass --force to start over/);
  });

  it('case 12: --max-pixels reaches the reader', async () => {
    const data = await userData('pixels');
    const r = await runCli(runArgs(path.join(tmp.dir, 'px'), '--data', data, '--max-pixels', '10000'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      `${path.join(data, 'images', 'image0.png')}: image is 300×50 = 15000 pixels, over the decode limit of 10000`,
    );
  });
});

describe('report.md per image (issue 15, deliverable 6)', () => {
  it('a table sorted worst-first, recomputed from metrics.csv, linking an overlay PNG per image and method', async () => {
    const csv = (await readFile(path.join(base, 'metrics.csv'), 'utf8')).trim().split('\n');
    const header = csv[0].split(',');
    const col = (name: string) => header.indexOf(name);
    const dice = new Map<string, number[]>();
    for (const line of csv.slice(1)) {
      const f = line.split(',');
      if (f[col('protocol')] !== 'hint') continue;
      dice.set(f[col('image')], [...(dice.get(f[col('image')]) ?? []), Number(f[col('dice')])]);
    }
    const expected = [...dice]
      .map(([image, d]) => [image, d.reduce((a, b) => a + b, 0) / d.length] as const)
      .sort((a, b) => a[1] - b[1]);
    const report = await readFile(path.join(base, 'report.md'), 'utf8');
    const section = report.slice(report.indexOf('## Per image'));
    const rows = section.split('\n').filter((l) => /^\| demo_/.test(l));
    expect(rows.map((r) => r.split('|')[1].trim())).toEqual(expected.map((e) => e[0]));
    expect(rows.map((r) => Number(r.split('|')[2]))).toEqual(expected.map((e) => Number(e[1].toFixed(3))));
    const methods = (await readdir(path.join(base, 'labels'))).filter((m) => m !== 'diffusion_levels');
    for (const method of methods) {
      for (const image of dice.keys()) {
        const rel = `overlays/${method}/${image}.png`;
        expect(section).toContain(`](${rel})`);
        const meta = await sharp(path.join(base, rel)).metadata();
        expect([meta.width, meta.height, meta.channels]).toEqual([32, 32, 3]);
      }
    }
  });
});

describe('case 9: constant images', () => {
  it('get one region for every method without clustering, with a warning naming the file', async () => {
    const data = path.join(tmp.dir, 'constant-data');
    await mkdir(data);
    await sharp({ create: { width: 32, height: 32, channels: 3, background: '#808080' } })
      .png()
      .toFile(path.join(data, 'flat.png'));
    const varied = new Uint8Array(32 * 32 * 3).map((_, k) => (k * 13) % 251);
    await sharp(varied, { raw: { width: 32, height: 32, channels: 3 } })
      .png()
      .toFile(path.join(data, 'varied.png'));
    const out = path.join(tmp.dir, 'constant-run');
    const r = await runCli(['run', '--data', data, '--out', out, '--epochs', '1', '--config', cfg]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(
      `warn: ${path.join(data, 'flat.png')}: the image is constant; every method gives it a single region`,
    );
    for (const method of ['kmeans', 'spectral_kmeans', 'spectral_classes', 'diffusion_persistent']) {
      const { data: px, info } = await sharp(path.join(out, 'labels', method, 'flat.png'))
        .raw()
        .toBuffer({ resolveWithObject: true });
      expect([info.width, info.height, new Set(px).size, px[0]]).toEqual([32, 32, 1, 0]);
    }
    const index = JSON.parse(await readFile(path.join(out, 'labels', 'diffusion_levels', 'index.json'), 'utf8'));
    expect(index.flat).toEqual([0]);
    expect(index.varied.length).toBeGreaterThan(0);
  }, 180_000);
});
