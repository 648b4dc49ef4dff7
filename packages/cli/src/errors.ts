/** Exit codes: 0 success, 2 bad usage or input, 1 anything else, 130 interrupted. */
import { isInputError } from '@cuts/core';

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;
export const EXIT_INTERRUPTED = 130;

export class InterruptedError extends Error {
  constructor() {
    super('interrupted');
    this.name = 'InterruptedError';
  }
}

export function exitCodeFor(err: unknown): number {
  if (err instanceof InterruptedError || (err instanceof Error && err.name === 'AbortError')) return EXIT_INTERRUPTED;
  if (isInputError(err)) return EXIT_USAGE;
  if (err instanceof Error && 'code' in err && typeof err.code === 'string' && err.code.startsWith('commander.'))
    return EXIT_USAGE;
  return EXIT_FAILURE;
}
