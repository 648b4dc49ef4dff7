/**
 * `metrics.csv`: one row per image × method × protocol. The writer is `@cuts/eval`'s
 * `formatMetricsCsv` (re-exported here: the column list lives with the scores); this
 * module adds the reader, its inverse.
 *
 * Columns: `image,method,protocol,dice,iou,hd,hd95,ssim,clusters`, then, when any row was
 * scored on the source grid, `dice_native,hd_native,hd95_native,units`. Numbers are written
 * at full precision (`NaN`, `Infinity` as such); an empty cell means "not available" and
 * reads as NaN. Readers ignore columns they do not know.
 */
import Papa from 'papaparse';
import { CutsInputError, protocolSchema, type Protocol } from '@cuts/core/browser';
import { formatMetricsCsv, METRICS_CSV_COLUMNS, NATIVE_CSV_COLUMNS } from '@cuts/eval/metrics';
import { RUN_FILES } from './paths.js';

export { formatMetricsCsv, METRICS_CSV_COLUMNS, NATIVE_CSV_COLUMNS };

/** One row of metrics.csv as read back. */
export interface MetricsCsvRow {
  image: string;
  method: string;
  protocol: Protocol;
  dice: number;
  iou: number;
  hd: number;
  hd95: number;
  ssim: number;
  clusters: number;
  /** Scores on the native grid (columns dice_native, hd_native, hd95_native, units), when the file has them. */
  native?: { dice: number; hd: number; hd95: number; units: string };
}

const NUMERIC = ['dice', 'iou', 'hd', 'hd95', 'ssim', 'clusters'] as const;
const REQUIRED = ['image', 'method', 'protocol', 'dice'] as const;
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$|^[+-]?Infinity$|^NaN$/;

/**
 * Parses metrics.csv text. Missing optional columns and empty cells read as NaN; a missing
 * required column (image, method, protocol, dice), an unknown protocol or a cell that is not
 * a number throw CutsInputError naming `source`, the line and the column.
 */
export function parseMetricsCsv(text: string, source: string = RUN_FILES.metrics): MetricsCsvRow[] {
  const parsed = Papa.parse<Record<string, string>>(text.trim(), { header: true, skipEmptyLines: true });
  const fields = parsed.meta.fields ?? [];
  for (const col of REQUIRED) {
    if (!fields.includes(col)) throw new CutsInputError(`missing column "${col}" (have: ${fields.join(', ')})`, source);
  }
  const hasNative = fields.includes('dice_native');
  return parsed.data.map((r, i) => {
    const line = i + 2;
    const num = (col: string): number => {
      const cell = r[col];
      if (cell === undefined || cell.trim() === '') return Number.NaN;
      if (!NUMBER.test(cell.trim()))
        throw new CutsInputError(`line ${line}, column "${col}": "${cell}" is not a number`, source);
      return Number(cell);
    };
    const protocol = protocolSchema.safeParse(r.protocol);
    if (!protocol.success)
      throw new CutsInputError(
        `line ${line}, column "protocol": unknown protocol "${r.protocol}" (expected ${protocolSchema.options.join(', ')})`,
        source,
      );
    const row = { image: r.image, method: r.method, protocol: protocol.data } as MetricsCsvRow;
    for (const k of NUMERIC) row[k] = num(k);
    if (hasNative)
      row.native = { dice: num('dice_native'), hd: num('hd_native'), hd95: num('hd95_native'), units: r.units ?? '' };
    return row;
  });
}
