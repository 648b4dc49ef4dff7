/**
 * `@cuts/cli`: the `cuts` command as a library: `main(argv)` runs a command
 * line and resolves to its exit code; `createProgram()` is the commander tree
 * (for embedding or help generation). Stages, the run folder and the queue
 * handlers are internal wiring.
 *
 * @packageDocumentation
 */
export { main } from './main.js';
export { createProgram } from './program.js';
