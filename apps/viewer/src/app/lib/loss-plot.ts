import type { TrainingLogEntry } from '@cuts/run-folder';

/** About `count` round tick values inside [lo, hi] (steps of 1, 2 or 5 × 10^k, chosen as d3-array's tickStep does). */
export function niceTicks(lo: number, hi: number, count = 5): number[] {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return [];
  if (hi === lo) return [lo];
  const raw = (hi - lo) / Math.max(1, count);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const err = raw / mag;
  const step = mag * (err >= Math.sqrt(50) ? 10 : err >= Math.sqrt(10) ? 5 : err >= Math.sqrt(2) ? 2 : 1);
  const ticks: number[] = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) ticks.push(Number(t.toPrecision(12)));
  return ticks;
}

export interface PlotOptions {
  width?: number;
  height?: number;
}

const esc = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

/**
 * Training/validation loss per epoch as a self-contained SVG string (no external
 * fonts or scripts). Entries with non-finite losses are skipped for that series.
 */
export function lossCurveSvg(log: readonly TrainingLogEntry[], opts: PlotOptions = {}): string {
  const W = opts.width ?? 640;
  const H = opts.height ?? 320;
  const m = { l: 56, r: 16, t: 16, b: 40 };
  const series = [
    {
      name: 'train loss',
      cls: 'train',
      colour: '#1f77b4',
      pts: log
        .filter((e) => e.trainLoss != null && Number.isFinite(e.trainLoss))
        .map((e) => [e.epoch, e.trainLoss as number] as const),
    },
    {
      name: 'validation loss',
      cls: 'val',
      colour: '#ff7f0e',
      pts: log
        .filter((e) => e.valLoss != null && Number.isFinite(e.valLoss))
        .map((e) => [e.epoch, e.valLoss as number] as const),
    },
  ].filter((s) => s.pts.length > 0);
  const all = series.flatMap((s) => s.pts);
  if (all.length === 0) {
    return `<svg xmlns="http://www.w3.org/2000/svg" class="loss-plot" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}"><text x="${W / 2}" y="${H / 2}" text-anchor="middle">no finite loss values</text></svg>`;
  }
  const xs = all.map((p) => p[0]);
  const ys = all.map((p) => p[1]);
  let [x0, x1] = [Math.min(...xs), Math.max(...xs)];
  let [y0, y1] = [Math.min(...ys), Math.max(...ys)];
  if (x0 === x1) [x0, x1] = [x0 - 1, x1 + 1];
  if (y0 === y1) [y0, y1] = [y0 - Math.abs(y0 || 1) * 0.1, y1 + Math.abs(y1 || 1) * 0.1];
  const pad = (y1 - y0) * 0.05;
  y0 -= pad;
  y1 += pad;
  const px = (x: number) => m.l + ((x - x0) / (x1 - x0)) * (W - m.l - m.r);
  const py = (y: number) => H - m.b - ((y - y0) / (y1 - y0)) * (H - m.t - m.b);
  const f = (v: number) => v.toFixed(1);
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="loss-plot" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="11">`,
  );
  parts.push(
    `<rect x="${m.l}" y="${m.t}" width="${W - m.l - m.r}" height="${H - m.t - m.b}" fill="none" stroke="#999"/>`,
  );
  for (const t of niceTicks(y0, y1)) {
    parts.push(`<line x1="${m.l}" x2="${W - m.r}" y1="${f(py(t))}" y2="${f(py(t))}" stroke="#ddd"/>`);
    parts.push(`<text x="${m.l - 6}" y="${f(py(t) + 4)}" text-anchor="end">${esc(String(t))}</text>`);
  }
  for (const t of niceTicks(x0, x1).filter(Number.isInteger)) {
    parts.push(`<text x="${f(px(t))}" y="${H - m.b + 16}" text-anchor="middle">${t}</text>`);
  }
  parts.push(`<text x="${(m.l + W - m.r) / 2}" y="${H - 6}" text-anchor="middle">epoch</text>`);
  parts.push(`<text transform="translate(14 ${(m.t + H - m.b) / 2}) rotate(-90)" text-anchor="middle">loss</text>`);
  series.forEach((s, i) => {
    const d = s.pts.map(([x, y], j) => `${j === 0 ? 'M' : 'L'}${f(px(x))},${f(py(y))}`).join(' ');
    parts.push(`<path class="series ${s.cls}" d="${d}" fill="none" stroke="${s.colour}" stroke-width="2"/>`);
    const ly = m.t + 14 + i * 16;
    parts.push(
      `<line x1="${W - m.r - 130}" x2="${W - m.r - 110}" y1="${ly - 4}" y2="${ly - 4}" stroke="${s.colour}" stroke-width="2"/>`,
    );
    parts.push(`<text x="${W - m.r - 104}" y="${ly}">${esc(s.name)}</text>`);
  });
  parts.push('</svg>');
  return parts.join('');
}
