/** The per-image CSV (RFC 4180 quoting; a handful of lines, no library needed). Browser-safe. */
import type { ImageScore } from '../evaluate.js';

export const METRICS_CSV_COLUMNS = ['image', 'method', 'protocol', 'dice', 'iou', 'hd', 'hd95', 'ssim', 'clusters'] as const;

function cell(value: string | number): string {
  const s = String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

type CsvRow = Pick<ImageScore, (typeof METRICS_CSV_COLUMNS)[number]>;

/** CSV text with a header line and one line per row, numbers at full precision. */
export function formatMetricsCsv(rows: readonly CsvRow[]): string {
  const lines = [METRICS_CSV_COLUMNS.join(',')];
  for (const row of rows) lines.push(METRICS_CSV_COLUMNS.map((c) => cell(row[c])).join(','));
  return `${lines.join('\n')}\n`;
}
