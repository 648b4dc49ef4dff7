/** Errors a job handler throws to say "retrying cannot help" (a corrupt image, say). */
import { isInputError } from '@cuts/core';

/** Fails a job at once, without retries (bad input that will not get better). */
export class PermanentJobError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentJobError';
  }
}

/** Input errors (CutsInputError: bad file, bad value) and PermanentJobError are not retried. */
export function isPermanent(err: unknown): boolean {
  return err instanceof PermanentJobError || isInputError(err);
}
