import Papa from 'papaparse';

/** One row of the run's metrics.csv (columns image,method,protocol,dice,iou,hd,hd95,ssim,clusters). */
export interface MetricRow {
  image: string;
  method: string;
  protocol: string;
  dice: number;
  iou: number;
  hd: number;
  hd95: number;
  ssim: number;
  clusters: number;
  /** Scores on the native grid (metrics.csv columns dice_native, hd_native, hd95_native, units), when present. */
  native?: { dice: number; hd: number; hd95: number; units: string };
}

const NUMERIC = ['dice', 'iou', 'hd', 'hd95', 'ssim', 'clusters'] as const;

/** Parses metrics.csv; missing or non-numeric cells become NaN. Throws naming the missing column. */
export function parseMetricsCsv(text: string): MetricRow[] {
  const parsed = Papa.parse<Record<string, string>>(text.trim(), { header: true, skipEmptyLines: true });
  const fields = parsed.meta.fields ?? [];
  for (const col of ['image', 'method', 'protocol', 'dice']) {
    if (!fields.includes(col)) throw new Error(`metrics.csv: missing column "${col}" (have: ${fields.join(', ')})`);
  }
  return parsed.data.map((r) => {
    const row = { image: r.image, method: r.method, protocol: r.protocol } as MetricRow;
    for (const k of NUMERIC) {
      const cell = r[k];
      row[k] = cell === undefined || cell.trim() === '' ? Number.NaN : Number(cell);
    }
    if (fields.includes('dice_native')) {
      const n = (c: string | undefined) => (c === undefined || c.trim() === '' ? Number.NaN : Number(c));
      row.native = { dice: n(r.dice_native), hd: n(r.hd_native), hd95: n(r.hd95_native), units: r.units ?? '' };
    }
    return row;
  });
}

/** Column key for a method × protocol pair. */
export const columnKey = (method: string, protocol: string): string => `${method} · ${protocol}`;

export interface DiceColumn {
  key: string;
  method: string;
  protocol: string;
}

/** Distinct method × protocol columns, sorted by method then protocol. */
export function diceColumns(rows: readonly MetricRow[]): DiceColumn[] {
  const seen = new Map<string, DiceColumn>();
  for (const r of rows) {
    const key = columnKey(r.method, r.protocol);
    if (!seen.has(key)) seen.set(key, { key, method: r.method, protocol: r.protocol });
  }
  return [...seen.values()].sort((a, b) => a.method.localeCompare(b.method) || a.protocol.localeCompare(b.protocol));
}

/** image → column key → Dice. */
export function diceByImage(rows: readonly MetricRow[]): Map<string, Map<string, number>> {
  const out = new Map<string, Map<string, number>>();
  for (const r of rows) {
    let m = out.get(r.image);
    if (!m) out.set(r.image, (m = new Map()));
    m.set(columnKey(r.method, r.protocol), r.dice);
  }
  return out;
}

export type SortDirection = 'asc' | 'desc';

/**
 * Image names sorted by name (key 'name') or by one Dice column; images without a
 * finite value for that column go last in either direction; ties break by name.
 */
export function sortImages(
  names: readonly string[],
  dice: Map<string, Map<string, number>>,
  key: string,
  dir: SortDirection,
): string[] {
  const byName = new Intl.Collator('en', { numeric: true }).compare;
  const sign = dir === 'asc' ? 1 : -1;
  if (key === 'name') return [...names].sort((a, b) => sign * byName(a, b));
  const val = (n: string) => dice.get(n)?.get(key) ?? Number.NaN;
  return [...names].sort((a, b) => {
    const va = val(a);
    const vb = val(b);
    const fa = Number.isFinite(va);
    const fb = Number.isFinite(vb);
    if (fa !== fb) return fa ? -1 : 1;
    if (fa && va !== vb) return sign * (va - vb);
    return byName(a, b);
  });
}
