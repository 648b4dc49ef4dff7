import type { MetricsCsvRow } from '@cuts/run-folder';

/** One row of the run's metrics.csv, as `@cuts/run-folder`'s `parseMetricsCsv` reads it. */
export type MetricRow = MetricsCsvRow;

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
