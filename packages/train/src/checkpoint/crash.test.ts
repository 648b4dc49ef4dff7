import { spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareBackend } from '../backend/backend.js';
import { retinaDir } from '../test-utils/retina.js';
import { disposeLoaded, readCheckpoint } from './checkpoint.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const pkg = path.resolve(here, '..', '..');
const children = new Set<import('node:child_process').ChildProcess>();
const script = path.join(here, '..', 'test-utils', 'train-forever.ts');

/** Runs the child until it has written a checkpoint, then SIGKILLs it `delayMs` later. */
function runAndKill(dir: string, delayMs: number, resume: boolean): Promise<void> {
  return new Promise((resolve, reject) => {
    // node itself with tsx's loader (not the tsx wrapper, whose child would survive a SIGKILL)
    const child = spawn(
      process.execPath,
      ['--conditions=@cuts/source', '--import', 'tsx', script, retinaDir!, dir, resume ? 'resume' : ''],
      {
        cwd: pkg,
        stdio: 'ignore',
      },
    );
    children.add(child);
    child.on('error', reject);
    child.on('exit', () => {
      children.delete(child);
      resolve();
    });
    // wait until this process has written a checkpoint of its own, then kill it a moment later
    const marker = path.join(dir, 'last', 'model.json');
    const mtime = () => (existsSync(marker) ? statSync(marker).mtimeMs : -1);
    const before = mtime();
    const poll = setInterval(() => {
      if (mtime() > before) {
        clearInterval(poll);
        setTimeout(() => child.kill('SIGKILL'), delayMs);
      }
    }, 5);
  });
}

describe.skipIf(!retinaDir)('crash safety', () => {
  let tmp: string;
  beforeAll(async () => {
    await prepareBackend('wasm');
    tmp = await mkdtemp(path.join(os.tmpdir(), 'cuts-crash-'));
  });
  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL');
    await rm(tmp, { recursive: true, force: true });
  });

  it('a training process killed (SIGKILL) at arbitrary moments leaves loadable checkpoints, and resumes', async () => {
    const dir = path.join(tmp, 'run');
    let lastEpoch = 0;
    for (const [i, delay] of [37, 111, 203, 7, 59].entries()) {
      await runAndKill(dir, delay, i > 0);
      for (const which of ['last', 'best']) {
        const loaded = await readCheckpoint(path.join(dir, which));
        expect(Object.keys(loaded.tensors).length).toBeGreaterThan(20);
        if (which === 'last') {
          expect(loaded.json.training!.epoch).toBeGreaterThanOrEqual(lastEpoch);
          lastEpoch = loaded.json.training!.epoch;
        }
        disposeLoaded(loaded);
      }
      // exactly one weights file is referenced; stale ones are at most leftovers of the killed write
      const files = (await readdir(path.join(dir, 'last'))).filter((f) => f.endsWith('.bin'));
      expect(files.length).toBeGreaterThanOrEqual(1);
    }
    expect(lastEpoch).toBeGreaterThan(1);
  }, 120_000);
});
