/**
 * The bar of issue 13 applied to a `bench:suite` result, so that the verdict is computed
 * the same way every time instead of by hand:
 * - per set, the best label-free CUTS map against the best raw-pixel map through the same
 *   clustering (`hint` Dice); a raw map with at most one region per image is no
 *   segmentation (its `hint` Dice is the Dice of the whole image) and is left out;
 * - a win needs a higher Dice **and** at most `maxRegionRatio` × the raw map's regions;
 * - the best classical baseline with ≤ 30 regions per image is the second anchor.
 */
import { CUTS_METHODS } from './stages/cluster.js';

/** One map's row of the suite table (means over seeds). */
export interface SuiteMapRow {
  readonly hint: number | null;
  readonly regions: number | null;
}

/** What `verdict` reads of one set of the suite result. */
export interface SuiteSetResult {
  readonly table: Readonly<Record<string, SuiteMapRow>>;
  readonly classical_best: { readonly method: string; readonly dice: number } | null;
}

export interface MapChoice {
  readonly map: string;
  readonly dice: number;
  readonly regions: number;
}

export interface SetVerdict {
  readonly cuts: MapChoice | null;
  readonly raw: MapChoice | null;
  /** cuts − raw (`hint` Dice). */
  readonly delta: number | null;
  /** cuts regions / raw regions. */
  readonly regionRatio: number | null;
  readonly beatsRaw: boolean;
  readonly beatsClassical: boolean;
}

export interface SuiteVerdict {
  readonly sets: Record<string, SetVerdict>;
  /** Sets where CUTS beats raw pixels within the regions allowance. */
  readonly wins: number;
  /** Mean of `delta` over the sets that have both maps. */
  readonly meanDelta: number | null;
  readonly classicalWins: number;
  readonly total: number;
}

function best(table: SuiteSetResult['table'], names: readonly string[], minRegions: number): MapChoice | null {
  let out: MapChoice | null = null;
  for (const map of names) {
    const row = table[map];
    if (!row || row.hint === null || row.regions === null || !(row.regions > minRegions)) continue;
    if (!out || row.hint > out.dice) out = { map, dice: row.hint, regions: row.regions };
  }
  return out;
}

/** Applies the bar to every set of a suite result. */
export function suiteVerdict(
  sets: Readonly<Record<string, SuiteSetResult>>,
  options: { maxRegionRatio?: number } = {},
): SuiteVerdict {
  const maxRatio = options.maxRegionRatio ?? 1.5;
  const out: Record<string, SetVerdict> = {};
  const deltas: number[] = [];
  for (const [name, set] of Object.entries(sets)) {
    const cuts = best(set.table, CUTS_METHODS, 0); // the label-free maps; raw: the same with pixels_
    const raw = best(
      set.table,
      CUTS_METHODS.map((m) => `pixels_${m}`),
      1,
    );
    const delta = cuts && raw ? cuts.dice - raw.dice : null;
    const regionRatio = cuts && raw ? cuts.regions / raw.regions : null;
    if (delta !== null) deltas.push(delta);
    out[name] = {
      cuts,
      raw,
      delta,
      regionRatio,
      beatsRaw: delta !== null && delta > 0 && regionRatio !== null && regionRatio <= maxRatio,
      beatsClassical: cuts !== null && (set.classical_best === null || cuts.dice >= set.classical_best.dice),
    };
  }
  const verdicts = Object.values(out);
  return {
    sets: out,
    wins: verdicts.filter((v) => v.beatsRaw).length,
    meanDelta: deltas.length ? deltas.reduce((a, b) => a + b, 0) / deltas.length : null,
    classicalWins: verdicts.filter((v) => v.beatsClassical).length,
    total: verdicts.length,
  };
}

/** The verdict as a markdown table plus the totals. */
export function renderSuiteVerdict(v: SuiteVerdict): string {
  const f = (x: number | null, d = 3) => (x === null ? '–' : x.toFixed(d));
  const lines = [
    '| set | best CUTS map | best raw map (> 1 region) | Δ | regions ratio | beats raw | ≥ classical |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const [name, s] of Object.entries(v.sets)) {
    const map = (c: MapChoice | null) => (c ? `${c.map} ${f(c.dice)} / ${f(c.regions, 1)}` : '–');
    lines.push(
      `| ${name} | ${map(s.cuts)} | ${map(s.raw)} | ${f(s.delta)} | ${f(s.regionRatio, 2)} | ${s.beatsRaw ? 'yes' : 'no'} | ${s.beatsClassical ? 'yes' : 'no'} |`,
    );
  }
  lines.push(
    '',
    `Beats raw pixels on ${v.wins} of ${v.total} sets; mean Δ ${f(v.meanDelta)}; ≥ the best classical tool on ${v.classicalWins} of ${v.total}.`,
  );
  return lines.join('\n');
}
