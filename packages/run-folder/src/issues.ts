/** Turning a failed zod parse into one CutsInputError that names the file. */
import type { z } from 'zod';
import { CutsInputError } from '@cuts/core/browser';

/** `history.2.epoch: expected number` lines, one per issue (the first `max`). */
export function issueLines(error: z.ZodError, max = 5): string[] {
  const lines = error.issues.slice(0, max).map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`);
  if (error.issues.length > max) lines.push(`… and ${error.issues.length - max} more`);
  return lines;
}

/** Parses `json` with `schema`, or throws `<source>: not a valid <what>\n  <issues>`. */
export function parseWith<T extends z.ZodType>(schema: T, json: unknown, what: string, source: string): z.infer<T> {
  const result = schema.safeParse(json);
  if (result.success) return result.data;
  throw new CutsInputError(`not a valid ${what}\n  ${issueLines(result.error).join('\n  ')}`, source);
}
