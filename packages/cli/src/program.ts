/** The `cuts` command tree. */
import { Command } from 'commander';
import { registerMisc } from './commands/misc.js';
import { registerRun } from './commands/run.js';
import { registerStages } from './commands/stages.js';
import { registerWorker } from './commands/worker.js';
import { versions } from './run-config.js';

/** A fresh commander `Command` for `cuts` with every subcommand registered. */
export function createProgram(): Command {
  const program = new Command('cuts')
    .description('CUTS: unsupervised segmentation of medical images (train → embed → cluster → evaluate)')
    .version(versions()['cuts-ts'])
    .showHelpAfterError()
    .exitOverride();
  registerRun(program);
  registerStages(program);
  registerMisc(program);
  registerWorker(program);
  program.addHelpText('after', "\nRun `cuts <command> --help` for a command's options and examples.");
  return program;
}
