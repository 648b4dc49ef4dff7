#!/usr/bin/env node
/**
 * `pnpm cuts <args>`: builds the CLI and what it depends on (turbo, quietly:
 * its banner, telemetry notice and task logs are shown only when the build
 * fails), then runs `cuts <args>` with the terminal handed over, so the
 * output is the command's own. The exit code (or the signal) is the command's.
 */
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const env = { ...process.env, TURBO_TELEMETRY_DISABLED: '1', TURBO_NO_UPDATE_NOTIFIER: '1', DO_NOT_TRACK: '1' };
const turbo = path.join(root, 'node_modules', '.bin', 'turbo');

const build = spawnSync(
  turbo,
  ['run', 'build', '--filter=@cuts/cli...', '--output-logs=errors-only', '--log-prefix=none'],
  {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
  },
);
if (build.error || build.status !== 0) {
  process.stderr.write(build.stdout ?? '');
  process.stderr.write(build.stderr ?? '');
  process.stderr.write(
    `cuts: building the CLI failed (${build.error?.message ?? `turbo exited with ${build.status}`})\n`,
  );
  process.exit(1);
}

const child = spawn(
  process.execPath,
  [path.join(root, 'packages', 'cli', 'dist', 'bin.js'), ...process.argv.slice(2)],
  { stdio: 'inherit' },
);
// Ctrl-C in a terminal reaches the command directly (same process group); this
// wrapper only waits for it, so the command sees exactly one SIGINT per press.
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => {});
child.on('exit', (code, signal) => {
  if (signal) {
    for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.removeAllListeners(sig);
    process.kill(process.pid, signal);
    return;
  }
  process.exit(code ?? 1);
});
