/**
 * Runs a command in a pseudo-terminal with util-linux `script` (so stdout and
 * stderr are TTYs, as for a person at a terminal), with a hard time limit.
 */
import { spawn } from 'node:child_process';

export interface PtyResult {
  /** Exit code of the command (script -e passes it through); null when it had to be killed. */
  readonly code: number | null;
  /** Everything the terminal showed, escape sequences stripped. */
  readonly text: string;
  /** The raw terminal output. */
  readonly raw: string;
  readonly seconds: number;
  readonly timedOut: boolean;
}

const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** Strips ANSI escape sequences and carriage returns. */
export function stripAnsi(s: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI escape sequences start with ESC
  return s.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '').replace(/\r/g, '');
}

export function runInPty(
  argv: readonly string[],
  options: { timeoutMs: number; cwd?: string; env?: NodeJS.ProcessEnv; cols?: number },
): Promise<PtyResult> {
  const command = `stty cols ${options.cols ?? 120} rows 40; exec ${argv.map(shellQuote).join(' ')}`;
  const start = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qfec', command, '/dev/null'], {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true,
    });
    let raw = '';
    child.stdout.on('data', (d) => (raw += d));
    child.stderr.on('data', (d) => (raw += d));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, options.timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({
        code: timedOut ? null : code,
        raw,
        text: stripAnsi(raw),
        seconds: (performance.now() - start) / 1000,
        timedOut,
      });
    });
  });
}
