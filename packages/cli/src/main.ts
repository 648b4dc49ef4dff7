/** Runs the CLI and maps failures to exit codes (see errors.ts). */
import { CommanderError } from 'commander';
import { fileSystemError } from '@cuts/data';
import { isInputError } from '@cuts/core';
import { createProgram } from './program.js';
import { EXIT_OK, exitCodeFor } from './errors.js';
import { releaseInterruptHandlers } from './context.js';
import { closeAllReporters } from './reporter.js';
import { releaseRunLocks } from './run-lock.js';

/**
 * Runs one `cuts` command line (`argv` without `node` and the script) and
 * resolves to its exit code: 0 success, 1 failure, 2 bad usage or input,
 * 130 interrupted (see errors.ts).
 */
export async function main(argv: readonly string[]): Promise<number> {
  const program = createProgram();
  program.commands.forEach((c) => c.exitOverride());
  const json = argv.includes('--json');
  if (json) [program, ...program.commands].forEach((c) => c.configureOutput({ writeErr: () => {} }));
  let code = EXIT_OK;
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return EXIT_OK;
  } catch (caught) {
    let err = caught;
    // The progress display ends first: its line is cleared and its timer stopped, so
    // the message is printed whole and nothing keeps the process alive.
    closeAllReporters();
    if (err instanceof CommanderError) {
      // Help and version exit 0; commander already printed its message (not in --json mode).
      code = err.exitCode === 0 ? EXIT_OK : 2;
      if (json && code !== 0) writeJsonError(code, err.message.replace(/^error: /, ''), undefined);
      return code;
    }
    err = withFileNamed(err);
    code = exitCodeFor(err);
    const message =
      code === 130
        ? 'interrupted; finished work is kept (use --resume to continue)'
        : err instanceof Error
          ? err.message
          : String(err);
    if (json) writeJsonError(code, message, (err as { path?: string }).path);
    else process.stderr.write(`cuts: ${message}\n`);
    if (code === 1 && err instanceof Error && err.stack && process.env.CUTS_DEBUG)
      process.stderr.write(`${err.stack}\n`);
    return code;
  } finally {
    closeAllReporters();
    releaseInterruptHandlers();
    releaseRunLocks(code !== EXIT_OK);
  }
}

/** A file-system error (disk full, read-only, permission…) that names a path becomes an input error naming it (exit 2). */
function withFileNamed(err: unknown): unknown {
  if (!(err instanceof Error) || isInputError(err)) return err;
  const e = err as NodeJS.ErrnoException;
  return typeof e.code === 'string' && typeof e.path === 'string'
    ? fileSystemError(e, e.path, `cannot ${e.syscall ?? 'use'} file`)
    : err;
}

/** --json: the error as one JSON line on stderr, and as the result object on stdout. */
function writeJsonError(code: number, message: string, file: string | undefined): void {
  const error = { code, message, ...(file ? { file } : {}) };
  process.stderr.write(`${JSON.stringify({ type: 'error', ...error })}\n`);
  process.stdout.write(`${JSON.stringify({ ok: false, error })}\n`);
}
