import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveInside, splitSafeSegments } from './safe-path.js';

let base: string;
let root: string;
let outside: string;

afterAll(() => rm(base, { recursive: true, force: true }));
beforeAll(async () => {
  base = await mkdtemp(path.join(tmpdir(), 'cuts-viewer-safe-'));
  root = path.join(base, 'run');
  outside = path.join(base, 'secret.txt');
  await mkdir(path.join(root, 'labels', 'my method'), { recursive: true });
  await writeFile(path.join(root, 'summary.json'), '{}');
  await writeFile(path.join(root, 'labels', 'my method', 'a b.png'), 'x');
  await writeFile(outside, 'secret');
  await symlink(outside, path.join(root, 'escape.txt'));
  await symlink(path.join(root, 'summary.json'), path.join(root, 'inner-link.json'));
});

describe('splitSafeSegments', () => {
  it.each([
    ['../secret.txt', 403],
    ['labels/../../secret.txt', 403],
    ['%2e%2e/secret.txt', 403],
    ['%2E%2E%2Fsecret.txt', 403],
    ['..%5csecret.txt', 403],
    ['labels/%00.png', 403],
    ['.git/config', 403],
    ['./summary.json', 403],
    ['%E0%A4%A', 400],
  ])('refuses %s with %i', (p, status) => {
    const r = splitSafeSegments(p);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.status).toBe(status);
  });

  it('decodes ordinary segments and drops empty ones', () => {
    expect(splitSafeSegments('labels//my%20method/a%20b.png')).toEqual({
      ok: true,
      segments: ['labels', 'my method', 'a b.png'],
    });
  });
});

describe('resolveInside', () => {
  it('serves files inside the root, including names that need encoding', async () => {
    const r = await resolveInside(root, 'labels/my%20method/a%20b.png');
    expect(r).toMatchObject({ ok: true, size: 1 });
    expect(await resolveInside(root, 'inner-link.json')).toMatchObject({ ok: true });
  });

  it('refuses traversal (403), links leaving the root (403), missing files and folders (404)', async () => {
    expect(await resolveInside(root, '../secret.txt')).toMatchObject({ ok: false, status: 403 });
    expect(await resolveInside(root, '%2e%2e%2fsecret.txt')).toMatchObject({ ok: false, status: 403 });
    expect(await resolveInside(root, 'escape.txt')).toMatchObject({ ok: false, status: 403 });
    expect(await resolveInside(root, 'nope.png')).toMatchObject({ ok: false, status: 404 });
    expect(await resolveInside(root, 'labels')).toMatchObject({ ok: false, status: 404 });
    expect(await resolveInside(root, '')).toMatchObject({ ok: false, status: 404 });
  });
});
