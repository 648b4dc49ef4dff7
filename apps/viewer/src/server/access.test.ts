/**
 * DNS rebinding, exposure beyond loopback, and absolute paths: the reported
 * failures (`Host: 127.0.0.1.evil.example` → 200; `--host 0.0.0.0` serving
 * everything without a warning, config.json with absolute paths) reproduced.
 */
import { request } from 'node:http';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os, { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFixtureRun } from '../test-utils/fixture-run.js';
import { startViewerServer, type ViewerServer } from './server.js';
import { redactText } from './redact.js';

function get(
  port: number,
  rawPath: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: rawPath, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

let run: string;
let appDir: string;
let server: ViewerServer;
const dataDir = '/home/someone/private-study/scans';

beforeAll(async () => {
  run = await writeFixtureRun();
  appDir = await mkdtemp(path.join(tmpdir(), 'cuts-viewer-app-'));
  await mkdir(path.join(appDir, 'assets'));
  await writeFile(path.join(appDir, 'index.html'), '<!doctype html><title>viewer</title>');
  await writeFile(
    path.join(run, 'config.json'),
    JSON.stringify({
      config: { seed: 1 },
      seed: 1,
      backend: 'wasm',
      data: { dir: dataDir, demo: false },
      extra: path.join(run, 'demo-data'),
      nifti: `${os.homedir()}/x.nii`,
    }),
  );
  await writeFile(path.join(run, 'report.md'), `# cuts-ts report: ${dataDir}\n\nrun ${run}/labels\n`);
  server = await startViewerServer({ runDir: run, appDir });
});
afterAll(async () => {
  await server?.close();
  await rm(path.dirname(run), { recursive: true, force: true });
  await rm(appDir, { recursive: true, force: true });
});

describe('Host allow-list (bound to loopback)', () => {
  it('answers exactly 127.0.0.1:<port>, localhost:<port> and [::1]:<port>', async () => {
    const p = server.port;
    for (const host of [`127.0.0.1:${p}`, `localhost:${p}`, `[::1]:${p}`, `LOCALHOST:${p}`]) {
      expect((await get(p, '/run/summary.json', { host })).status, host).toBe(200);
    }
  });

  it('refuses every other Host, including 127.-prefixed names and other ports', async () => {
    const p = server.port;
    for (const host of [
      `127.0.0.1.evil.example:${p}`,
      '127.0.0.1.evil.example',
      `127.evil.example:${p}`,
      `127.0.0.2:${p}`,
      `localhost:${p + 1}`,
      'localhost',
      `evil.example:${p}`,
      `[::1]:${p}.evil`,
    ]) {
      const r = await get(p, '/run/summary.json', { host });
      expect(r.status, host).toBe(403);
      expect(r.body).not.toContain('fixture');
    }
  });
});

describe('no absolute paths served', () => {
  it('config.json: the data folder, the run folder and the home folder are rewritten', async () => {
    const r = await get(server.port, '/run/config.json', { host: `127.0.0.1:${server.port}` });
    expect(r.status).toBe(200);
    const served = JSON.parse(r.body);
    expect(served.data.dir).toBe('scans');
    expect(served.extra).toBe('./demo-data');
    expect(served.nifti).toBe('~/x.nii');
    expect(r.body).not.toMatch(/"\//);
    expect(Number(r.headers['content-length'])).toBe(Buffer.byteLength(r.body));
  });

  it('report.md: no absolute path left', async () => {
    const r = await get(server.port, '/run/report.md', { host: `127.0.0.1:${server.port}` });
    expect(r.body).toBe('# cuts-ts report: scans\n\nrun ./labels\n');
  });

  it('redactText replaces whole path components only', () => {
    const known = new Map([['/data/run', '.']]);
    expect(redactText('/data/run/a /data/run2/b "/data/run"', known)).toBe('./a /data/run2/b "."');
  });
});

describe('bound beyond loopback', () => {
  it('warns loudly, prints a URL with a token, and refuses requests without it', async () => {
    const s = await startViewerServer({ runDir: run, appDir, host: '0.0.0.0' });
    try {
      expect(s.warning).toMatch(/WARNING: the viewer listens on 0\.0\.0\.0:\d+, beyond this machine/);
      expect(s.token).toMatch(/^[A-Za-z0-9_-]{32}$/);
      expect(s.url).toMatch(new RegExp(`^http://[^/]+:${s.port}/\\?token=${s.token}$`));
      expect(s.url).not.toMatch(/127\.0\.0\.1/);
      expect((await get(s.port, '/run/summary.json')).status).toBe(401);
      expect((await get(s.port, '/run/summary.json?token=wrong')).status).toBe(401);
      expect((await get(s.port, '/')).status).toBe(401);
      const ok = await get(s.port, `/?token=${s.token}`);
      expect(ok.status).toBe(200);
      // The app's own later requests carry the token as a cookie.
      const cookie = String(ok.headers['set-cookie']).split(';')[0];
      expect(cookie).toBe(`cuts_viewer_token=${s.token}`);
      expect((await get(s.port, '/run/summary.json', { cookie })).status).toBe(200);
      expect((await get(s.port, '/api/run', { cookie: 'cuts_viewer_token=nope' })).status).toBe(401);
    } finally {
      await s.close();
    }
  });
});
