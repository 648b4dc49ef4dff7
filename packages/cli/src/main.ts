/** Runs the CLI and maps failures to exit codes (see errors.ts). */
import { CommanderError } from 'commander';
import { createProgram } from './program.js';
import { EXIT_OK, exitCodeFor } from './errors.js';
import { releaseInterruptHandlers } from './context.js';

export async function main(argv: readonly string[]): Promise<number> {
  const program = createProgram();
  program.commands.forEach((c) => c.exitOverride());
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return EXIT_OK;
  } catch (err) {
    if (err instanceof CommanderError) {
      // Help and version exit 0; commander already printed its message.
      return err.exitCode === 0 ? EXIT_OK : 2;
    }
    const code = exitCodeFor(err);
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`cuts: ${code === 130 ? 'interrupted; finished work is kept (use --resume to continue)' : message}\n`);
    if (code === 1 && err instanceof Error && err.stack && process.env.CUTS_DEBUG) process.stderr.write(`${err.stack}\n`);
    return code;
  } finally {
    releaseInterruptHandlers();
  }
}
