/**
 * `summary.json`: its schema lives with the numbers it summarises, in `@cuts/eval/metrics`
 * (`Summary`, `parseSummary`); re-exported here so a reader of run folders needs one import.
 */
import { parseSummary, type Summary } from '@cuts/eval/metrics';
import { RUN_FILES } from './paths.js';

export { parseSummary };
export type { MeanStd, ProtocolSummary, Summary } from '@cuts/eval/metrics';

/** The JSON text of a summary.json (validated first). */
export function formatSummary(summary: Summary, source: string = RUN_FILES.summary): string {
  return `${JSON.stringify(parseSummary(summary, source), null, 2)}\n`;
}
