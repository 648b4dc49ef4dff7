/** The human-readable table of a summary: mean ± std per method × protocol. */
import type { MeanStd, Summary } from './summary.js';

function fmt(s: MeanStd, digits: number): string {
  return `${s.mean.toFixed(digits)} ± ${s.std.toFixed(digits)}`;
}

/** A GitHub-flavoured markdown table, one row per method × protocol. */
export function renderMarkdownTable(summary: Summary): string {
  const lines = [
    `Dataset \`${summary.dataset}\`, ${summary.images} images, backend ${summary.backend}, seed ${summary.seed}. Mean ± std over images.`,
    '',
    '| method | protocol | n | Dice ↑ | HD ↓ (px) | HD95 ↓ (px) | SSIM ↑ | clusters |',
    '|---|---|---:|---:|---:|---:|---:|---:|',
  ];
  for (const [method, byProtocol] of Object.entries(summary.metrics)) {
    for (const [protocol, s] of Object.entries(byProtocol)) {
      if (!s) continue;
      lines.push(
        `| ${method} | ${protocol} | ${s.n} | ${fmt(s.dice, 3)} | ${fmt(s.hd, 2)} | ${fmt(s.hd95, 2)} | ${fmt(s.ssim, 3)} | ${fmt(s.clusters, 1)} |`,
      );
    }
  }
  const native: string[] = [];
  for (const [method, byProtocol] of Object.entries(summary.metrics)) {
    for (const [protocol, s] of Object.entries(byProtocol)) {
      if (!s?.native) continue;
      const n = s.native;
      native.push(
        `| ${method} | ${protocol} | ${s.n} | ${fmt(n.dice, 3)} | ${fmt(n.hd, 2)} | ${fmt(n.hd95, 2)} | ${n.units} |`,
      );
    }
  }
  if (native.length > 0) {
    lines.push(
      '',
      'On the source grid (native resolution; volumes scored as volumes; distances in mm where the voxel spacing is known, else px):',
      '',
      '| method | protocol | n | Dice ↑ | HD ↓ | HD95 ↓ | units |',
      '|---|---|---:|---:|---:|---:|---|',
      ...native,
    );
  }
  return `${lines.join('\n')}\n`;
}
