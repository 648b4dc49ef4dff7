/**
 * The report's "Did the learning pay?" section: each CUTS map beside the same
 * clustering on raw pixels, and the best classical baseline, from summary.json.
 * Comparisons use the `hint` protocol (the paper's) with `point` beside it, and
 * the regions per image (more regions make `hint` easier).
 */
import type { FeatureMode } from '@cuts/cluster';
import type { Summary } from '@cuts/eval';
import { CONTROL_BASELINES, PIXELS_PREFIX } from './controls.js';
import { CUTS_METHODS } from './cluster.js';

/** A classical baseline only counts as a rival when its maps are this coarse (regions per image). */
export const MAX_BASELINE_REGIONS = 30;

export interface MapScore {
  readonly method: string;
  readonly hint: number;
  readonly point?: number;
  readonly regions: number;
}

export interface ControlsComparison {
  /** Per CUTS map that has a raw-pixel twin. */
  readonly pairs: { readonly cuts: MapScore; readonly pixels: MapScore }[];
  /** Best CUTS map by `hint` Dice. */
  readonly bestCuts?: MapScore;
  /** Best classical baseline with ≤ MAX_BASELINE_REGIONS regions per image. */
  readonly bestClassical?: MapScore;
}

function score(summary: Summary, method: string): MapScore | undefined {
  const m = summary.metrics[method];
  if (!m?.hint) return undefined;
  return { method, hint: m.hint.dice.mean, point: m.point?.dice.mean, regions: m.hint.clusters.mean };
}

export function compareControls(summary: Summary): ControlsComparison {
  const pairs: { cuts: MapScore; pixels: MapScore }[] = [];
  const cutsScores: MapScore[] = [];
  for (const method of CUTS_METHODS) {
    const cuts = score(summary, method);
    if (!cuts) continue;
    cutsScores.push(cuts);
    const pixels = score(summary, `${PIXELS_PREFIX}${method}`);
    if (pixels) pairs.push({ cuts, pixels });
  }
  const best = (xs: MapScore[]): MapScore | undefined =>
    xs.reduce<MapScore | undefined>((a, b) => (!a || b.hint > a.hint ? b : a), undefined);
  const classical = CONTROL_BASELINES.map((b) => score(summary, b)).filter(
    (s): s is MapScore => !!s && s.regions <= MAX_BASELINE_REGIONS,
  );
  return { pairs, bestCuts: best(cutsScores), bestClassical: best(classical) };
}

const f3 = (x: number | undefined): string => (x === undefined ? '–' : x.toFixed(3));
const signed = (x: number): string => `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(3)}`;

/**
 * Markdown; empty when the run has no controls to compare. `features` is the
 * run's `cluster.features`: a raw-pixel run is the control itself.
 */
export function renderControls(summary: Summary, features: FeatureMode = 'embedding'): string {
  const c = compareControls(summary);
  if (c.pairs.length === 0 && !c.bestClassical) return '';
  const lines = ['## Did the learning pay?', ''];
  if (features === 'pixels') {
    lines.push(
      'This run clusters the **raw pixels** (`--features pixels`, no training): its maps are the control a learned',
      'embedding has to beat. Run `cuts run` with the default features (`both`: the learned embedding with the pixels) on the same data to compare.',
      '',
    );
    if (c.bestClassical) lines.push(classicalLine(c.bestClassical), '');
    return lines.join('\n');
  }
  if (c.pairs.length > 0) {
    lines.push(
      'The same clustering on the raw pixels (the model input, no training) is the control a learned embedding has to beat:',
      '',
      '| map | CUTS `hint` | raw pixels `hint` | Δ | CUTS `point` | raw pixels `point` | regions CUTS / raw |',
      '|---|---|---|---|---|---|---|',
      ...c.pairs.map(
        ({ cuts, pixels }) =>
          `| ${cuts.method} | ${f3(cuts.hint)} | ${f3(pixels.hint)} | ${signed(cuts.hint - pixels.hint)} | ${f3(cuts.point)} | ${f3(pixels.point)} | ${cuts.regions.toFixed(1)} / ${pixels.regions.toFixed(1)} |`,
      ),
      '',
    );
  }
  if (c.bestClassical) lines.push(classicalLine(c.bestClassical), '');
  lines.push(verdict(c), '');
  return lines.join('\n');
}

function classicalLine(b: MapScore): string {
  return `Best classical tool (≤ ${MAX_BASELINE_REGIONS} regions per image): **${b.method}**, \`hint\` ${f3(b.hint)}, \`point\` ${f3(b.point)}, ${b.regions.toFixed(1)} regions.`;
}

function verdict(c: ControlsComparison): string {
  const best = c.bestCuts;
  if (!best) return 'No CUTS map was scored.';
  const twin = c.pairs.find((p) => p.cuts.method === best.method)?.pixels;
  const overPixels = twin ? best.hint - twin.hint : undefined;
  const overClassical = c.bestClassical ? best.hint - c.bestClassical.hint : undefined;
  const facts = [
    overPixels === undefined ? undefined : `${signed(overPixels)} over raw pixels through the same clustering`,
    overClassical === undefined ? undefined : `${signed(overClassical)} over ${c.bestClassical!.method}`,
  ].filter(Boolean);
  const head = `Best CUTS map: **${best.method}** (\`hint\` ${f3(best.hint)}${facts.length ? `; ${facts.join(', ')}` : ''}).`;
  const paid = (overPixels === undefined || overPixels > 0.01) && (overClassical === undefined || overClassical > 0);
  if (paid) return `${head} **Yes** — on this data the learned embedding beats the controls.`;
  return `${head} **No** — on this data the learned embedding brings no clear advantage: a control scores as well or better.`;
}
