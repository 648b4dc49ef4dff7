/** Final results: a table for people, one JSON object on stdout for scripts. */
import { renderMarkdownTable, type Summary } from '@cuts/eval';
import type { CommandContext } from './context.js';

export function printResult(ctx: CommandContext, result: Record<string, unknown>, summary?: Summary): void {
  ctx.reporter.close();
  if (ctx.mode === 'json') {
    process.stdout.write(`${JSON.stringify({ ...result, ...(summary ? { summary } : {}) })}\n`);
    return;
  }
  if (ctx.mode === 'quiet') return;
  if (summary) process.stdout.write(`\n${renderMarkdownTable(summary)}\n`);
  for (const [key, value] of Object.entries(result)) process.stdout.write(`${key}: ${String(value)}\n`);
}
