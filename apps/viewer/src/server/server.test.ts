import { request } from 'node:http';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { isInputError } from '@cuts/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFixtureRun } from '../test-utils/fixture-run.js';
import { startViewerServer, type ViewerServer } from './server.js';
import type { RunListing } from './run-listing.js';

/** Raw HTTP request: the path is sent exactly as given (no URL normalisation). */
function rawGet(
  port: number,
  rawPath: string,
  opts: { method?: string; host?: string } = {},
): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: rawPath,
        method: opts.method ?? 'GET',
        headers: opts.host ? { host: opts.host } : {},
      },
      (res) => {
        let body = '';
        res.setEncoding('latin1');
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

let server: ViewerServer;
let run: string;
let appDir: string;

beforeAll(async () => {
  run = await writeFixtureRun();
  appDir = await mkdtemp(path.join(tmpdir(), 'cuts-viewer-app-'));
  await mkdir(path.join(appDir, 'assets'));
  await writeFile(path.join(appDir, 'index.html'), '<!doctype html><title>viewer</title>');
  await writeFile(path.join(appDir, 'assets', 'a.js'), 'console.log(1)');
  await writeFile(path.join(path.dirname(run), 'outside-secret.txt'), 'secret');
  server = await startViewerServer({ runDir: run, appDir });
});
afterAll(async () => {
  await server?.close();
  await rm(path.dirname(run), { recursive: true, force: true });
  await rm(appDir, { recursive: true, force: true });
});

describe('startViewerServer', () => {
  it('binds 127.0.0.1 and serves the app, the listing and run files', async () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/`);
    const index = await fetch(server.url);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toMatch(/text\/html/);
    expect(index.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect((await fetch(new URL('assets/a.js', server.url))).headers.get('content-type')).toMatch(/javascript/);
    const listing = (await (await fetch(new URL('api/run', server.url))).json()) as RunListing;
    expect(listing.methods).toEqual(['kmeans', 'spectral_kmeans']);
    const summary = await fetch(new URL('run/summary.json', server.url));
    expect(JSON.parse(await summary.text()).dataset).toBe('fixture');
    const png = await fetch(new URL('run/labels/kmeans/img3%20b.png', server.url));
    expect(png.headers.get('content-type')).toBe('image/png');
    expect(
      Buffer.from(await png.arrayBuffer())
        .subarray(1, 4)
        .toString(),
    ).toBe('PNG');
  });

  it('refuses traversal out of the run folder and the app folder', async () => {
    for (const p of [
      '/run/../outside-secret.txt',
      '/run/%2e%2e/outside-secret.txt',
      '/run/..%2foutside-secret.txt',
      '/run/labels/%2e%2e/%2e%2e/outside-secret.txt',
      '/../../etc/passwd',
      '/%2e%2e/%2e%2e/etc/passwd',
    ]) {
      const r = await rawGet(server.port, p);
      expect(r.status, p).toBe(403);
      expect(r.body).not.toContain('secret');
    }
    expect((await rawGet(server.port, '/run/nope.png')).status).toBe(404);
    expect((await rawGet(server.port, '/run/labels')).status).toBe(404);
  });

  it('is read-only and refuses foreign Host headers', async () => {
    const put = await rawGet(server.port, '/run/summary.json', { method: 'PUT' });
    expect(put.status).toBe(405);
    expect(put.headers.allow).toBe('GET, HEAD');
    expect((await rawGet(server.port, '/run/summary.json', { host: 'evil.example:80' })).status).toBe(403);
    expect((await rawGet(server.port, '/run/summary.json', { host: `localhost:${server.port}` })).status).toBe(200);
    const head = await rawGet(server.port, '/run/summary.json', { method: 'HEAD' });
    expect([head.status, head.body]).toEqual([200, '']);
  });

  it('rejects a folder that is not a run, naming it, and an unbuilt app', async () => {
    const notRun = await mkdtemp(path.join(tmpdir(), 'cuts-viewer-notrun-'));
    const err = await startViewerServer({ runDir: notRun, appDir }).catch((e: unknown) => e);
    expect(isInputError(err)).toBe(true);
    expect((err as Error).message).toContain(notRun);
    await expect(startViewerServer({ runDir: run, appDir: notRun })).rejects.toThrow(/viewer app not built/);
    await rm(notRun, { recursive: true });
  });

  it('honours an explicit port', async () => {
    const probe = await startViewerServer({ runDir: run, appDir });
    const port = probe.port;
    await probe.close();
    const s = await startViewerServer({ runDir: run, appDir, port });
    expect(s.url).toBe(`http://127.0.0.1:${port}/`);
    expect((await fetch(s.url)).status).toBe(200);
    await s.close();
  });
});
