/**
 * Errors caused by the user's input (a bad file, a bad config key, a bad flag).
 * The CLI maps them to exit code 2; every other error is exit code 1.
 * `path` names the offending file or config key so the message can point at it.
 */
export class CutsInputError extends Error {
  readonly path?: string;
  constructor(message: string, path?: string, options?: { cause?: unknown }) {
    super(path ? `${path}: ${message}` : message, options);
    this.name = 'CutsInputError';
    this.path = path;
  }
}

/** True for a `CutsInputError`, also one from another copy of this package (checks the name). */
export function isInputError(err: unknown): err is CutsInputError {
  return err instanceof Error && err.name === 'CutsInputError';
}
