/** The per-image CSV (RFC 4180 quoting; a handful of lines, no library needed). Browser-safe. */
import type { ImageScore } from '../evaluate.js';

/** The columns of metrics.csv, in order. */
export const METRICS_CSV_COLUMNS = [
  'image',
  'method',
  'protocol',
  'dice',
  'iou',
  'hd',
  'hd95',
  'ssim',
  'clusters',
] as const;
/**
 * Source-grid columns, appended when any row has them (empty cells for rows
 * without); readers must tolerate extra columns.
 */
export const NATIVE_CSV_COLUMNS = ['dice_native', 'hd_native', 'hd95_native', 'units'] as const;

function cell(value: string | number | undefined): string {
  if (value === undefined) return '';
  const s = String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

type CsvRow = Pick<ImageScore, (typeof METRICS_CSV_COLUMNS)[number]> &
  Partial<Pick<ImageScore, (typeof NATIVE_CSV_COLUMNS)[number]>>;

/** CSV text with a header line and one line per row, numbers at full precision. */
export function formatMetricsCsv(rows: readonly CsvRow[]): string {
  const columns: readonly (keyof CsvRow)[] = rows.some((r) => r.units !== undefined)
    ? [...METRICS_CSV_COLUMNS, ...NATIVE_CSV_COLUMNS]
    : METRICS_CSV_COLUMNS;
  const lines = [columns.join(',')];
  for (const row of rows) lines.push(columns.map((c) => cell(row[c])).join(','));
  return `${lines.join('\n')}\n`;
}
