/** Every documented error: exit code 2 and a message naming the file, key or flag. */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, runCli } from './test-utils/cli.js';

let tmp: Awaited<ReturnType<typeof makeTempDir>>;
beforeAll(async () => {
  tmp = await makeTempDir();
});
afterAll(() => tmp.cleanup());

describe('cuts errors', () => {
  it('a bad config key: exit 2, the message names the file and the key', async () => {
    const cfg = path.join(tmp.dir, 'bad.yaml');
    await writeFile(cfg, 'train:\n  lambda: 3\n  lamda: 0.1\n');
    const r = await runCli(['run', '--out', path.join(tmp.dir, 'x'), '--config', cfg]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(cfg);
    expect(r.stderr).toMatch(/train\.lambda: /);
    expect(r.stderr).toMatch(/train\.lamda: unknown key/);
  });

  it('a config file that is not YAML/JSON, or missing: exit 2 naming it', async () => {
    const cfg = path.join(tmp.dir, 'broken.json');
    await writeFile(cfg, '{ "train": ');
    const r = await runCli(['run', '--out', path.join(tmp.dir, 'x'), '--config', cfg]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`${cfg.replace(/[.]/g, '\\.')}: not valid JSON`));
    const missing = await runCli([
      'run',
      '--out',
      path.join(tmp.dir, 'x'),
      '--config',
      path.join(tmp.dir, 'nope.yaml'),
    ]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/nope\.yaml: cannot read config file/);
  });

  it('a data folder that does not exist or holds no images: exit 2 naming it', async () => {
    const gone = path.join(tmp.dir, 'no-such-folder');
    const r = await runCli(['run', '--data', gone, '--out', path.join(tmp.dir, 'y'), '--quiet']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(gone);
    const empty = path.join(tmp.dir, 'empty');
    await mkdir(empty);
    const e = await runCli(['run', '--data', empty, '--out', path.join(tmp.dir, 'z'), '--quiet']);
    expect(e.code).toBe(2);
    expect(e.stderr).toContain(empty);
  });

  it('bad flags: exit 2 naming the flag', async () => {
    const r = await runCli(['run', '--epochs', 'many', '--out', path.join(tmp.dir, 'w')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--epochs: expected an integer/);
    const b = await runCli(['run', '--baselines', 'watershed', '--out', path.join(tmp.dir, 'w2')]);
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/--baselines: unknown baseline "watershed"/);
    const u = await runCli(['frobnicate']);
    expect(u.code).toBe(2);
  });

  it('stage commands on a folder that is not a run: exit 2', async () => {
    for (const cmd of ['embed', 'cluster', 'evaluate']) {
      const r = await runCli([cmd, '--run', tmp.dir]);
      expect(r.code, cmd).toBe(2);
      expect(r.stderr).toMatch(/not a cuts run folder/);
    }
  });

  it('--help on every command shows examples and exits 0', async () => {
    for (const cmd of ['run', 'segment', 'train', 'embed', 'cluster', 'evaluate', 'baseline', 'demo', 'view']) {
      const r = await runCli([cmd, '--help']);
      expect(r.code, cmd).toBe(0);
      expect(r.stdout, cmd).toMatch(/Example/);
    }
  });
});
