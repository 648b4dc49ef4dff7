/**
 * The per-image section of report.md: one row per scored image, sorted
 * worst-first (by the mean Dice over the methods, then by name), with each
 * method's Dice under one protocol linking to that image's overlay PNG.
 * Where a method failed an image is what a reader needs to see first.
 */
import type { Protocol } from '@cuts/core/browser';
import type { ImageScore } from '../evaluate.js';

/** Options of the per-image table. */
export interface PerImageOptions {
  /** The protocol whose Dice is shown (default `hint`, else the first present). */
  readonly protocol?: Protocol;
  /** Relative link to the overlay of `image` for `method` (no link when undefined). */
  readonly overlayLink?: (method: string, image: string) => string | undefined;
}

/** One image's row of the per-image table: each method's Dice and their mean. */
export interface PerImageRow {
  readonly image: string;
  /** Mean Dice over the methods that scored this image. */
  readonly meanDice: number;
  readonly dice: Readonly<Record<string, number | undefined>>;
}

/** Rows for the table, worst mean Dice first (ties by image name). */
export function perImageRows(
  scores: readonly ImageScore[],
  protocol: Protocol,
): { methods: string[]; rows: PerImageRow[] } {
  const chosen = scores.filter((s) => s.protocol === protocol);
  const methods = [...new Set(chosen.map((s) => s.method))].sort();
  const byImage = new Map<string, Record<string, number>>();
  for (const s of chosen) {
    const rec = byImage.get(s.image) ?? {};
    rec[s.method] = s.dice;
    byImage.set(s.image, rec);
  }
  const rows = [...byImage].map(([image, dice]) => {
    const vals = Object.values(dice).filter((v) => Number.isFinite(v));
    return { image, dice, meanDice: vals.length > 0 ? vals.reduce((a, b) => a + b, 0) / vals.length : Number.NaN };
  });
  rows.sort(
    (a, b) =>
      (Number.isNaN(a.meanDice) ? -1 : Number.isNaN(b.meanDice) ? 1 : a.meanDice - b.meanDice) ||
      (a.image < b.image ? -1 : a.image > b.image ? 1 : 0),
  );
  return { methods, rows };
}

const cellText = (v: number | undefined) => (v === undefined ? '–' : Number.isFinite(v) ? v.toFixed(3) : 'n/a');
const escapeCell = (s: string) => s.replace(/\|/g, '\\|');

/** The markdown section (heading, a sentence, the table). Empty string when nothing was scored. */
export function renderPerImageTable(scores: readonly ImageScore[], options: PerImageOptions = {}): string {
  const present = [...new Set(scores.map((s) => s.protocol))];
  const protocol =
    options.protocol ?? (present.includes('hint') ? 'hint' : (present.find((p) => p !== 'oracle') ?? present[0]));
  if (protocol === undefined) return '';
  const { methods, rows } = perImageRows(scores, protocol);
  if (rows.length === 0) return '';
  const head = `| image | mean Dice ↑ | ${methods.map(escapeCell).join(' | ')} |`;
  const rule = `|---|---:|${methods.map(() => '---:').join('|')}|`;
  const body = rows.map((r) => {
    const cells = methods.map((m) => {
      const text = cellText(r.dice[m]);
      const link = r.dice[m] === undefined ? undefined : options.overlayLink?.(m, r.image);
      return link ? `[${text}](${encodeURI(link)})` : text;
    });
    return `| ${escapeCell(r.image)} | ${cellText(r.meanDice)} | ${cells.join(' | ')} |`;
  });
  return [
    `## Per image (Dice, \`${protocol}\` protocol), worst first`,
    '',
    'Each value links to the overlay of that method on the image (`overlays/<method>/<image>.png`: regions in colour, the expert mask outlined in white).',
    '',
    head,
    rule,
    ...body,
  ].join('\n');
}
