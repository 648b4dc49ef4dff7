import type { MeanStd, Summary } from '@cuts/run-folder';

/** Columns of the summary table (summary.json's schema: `Summary` from `@cuts/eval/metrics`, via `@cuts/run-folder`). */
export const SUMMARY_METRICS = ['dice', 'hd', 'hd95', 'ssim', 'clusters'] as const;

/** "0.675 ± 0.050"; "–" for a missing or non-finite statistic. */
export function formatMeanStd(s: MeanStd | undefined, digits = 3): string {
  if (!s || typeof s.mean !== 'number' || !Number.isFinite(s.mean)) return '–';
  const std = Number.isFinite(s.std) ? s.std.toFixed(digits) : '?';
  return `${s.mean.toFixed(digits)} ± ${std}`;
}

export interface SummaryRow {
  method: string;
  protocol: string;
  n: number;
  cells: Record<(typeof SUMMARY_METRICS)[number], string>;
}

/** The method × protocol table (rows in file order), each metric formatted as mean ± std. */
export function summaryRows(summary: Summary): SummaryRow[] {
  if (!summary || typeof summary.metrics !== 'object' || summary.metrics === null) {
    throw new Error('summary.json: missing "metrics" object');
  }
  const rows: SummaryRow[] = [];
  for (const [method, protocols] of Object.entries(summary.metrics)) {
    for (const [protocol, s] of Object.entries(protocols)) {
      if (!s) continue;
      const cells = {} as SummaryRow['cells'];
      for (const m of SUMMARY_METRICS)
        cells[m] = formatMeanStd(s[m] as MeanStd | undefined, m === 'hd' || m === 'hd95' || m === 'clusters' ? 2 : 3);
      rows.push({ method, protocol, n: s.n, cells });
    }
  }
  return rows;
}
