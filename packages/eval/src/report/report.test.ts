import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CutsInputError } from '@cuts/core';
import type { ImageScore } from '../evaluate.js';
import { formatMetricsCsv } from './csv.js';
import { renderMarkdownTable } from './markdown.js';
import { isSummary, meanStd, parseSummary, summarize } from './summary.js';
import { readSummaryJson, writeMetricsCsv, writeSummaryJson } from './write.js';

function row(image: string, method: string, protocol: ImageScore['protocol'], dice: number, hd: number): ImageScore {
  return {
    image,
    method,
    protocol,
    dice,
    iou: dice / (2 - dice),
    precision: 1,
    recall: 1,
    hd,
    hd95: hd / 2,
    ssim: 0.5,
    clusters: 10,
    clusterId: 0,
  };
}

const rows = [
  row('a', 'kmeans', 'hint', 0.5, 10),
  row('b', 'kmeans', 'hint', 0.7, 20),
  row('a', 'kmeans', 'point', 0.1, 30),
  row('a', 'otsu', 'hint', 0.2, 50),
];
const meta = { dataset: 'retina_ga', backend: 'wasm', seed: 1, timings_s: { train: 12.5, eval: 1 } };

describe('reports', () => {
  it('summarize: mean and population std per method × protocol (hand-computed)', () => {
    const s = summarize(rows, meta);
    expect(s.images).toBe(2);
    expect(s.timings_s).toEqual({ train: 12.5, embed: 0, cluster: 0, eval: 1 });
    expect(Object.keys(s.metrics)).toEqual(['kmeans', 'otsu']);
    const k = s.metrics.kmeans.hint!;
    expect(k.n).toBe(2);
    expect(k.dice.mean).toBeCloseTo(0.6, 14);
    expect(k.dice.std).toBeCloseTo(0.1, 14);
    expect(k.hd).toEqual({ mean: 15, std: 5 });
    expect(k.clusters).toEqual({ mean: 10, std: 0 });
    expect(s.metrics.kmeans.point!.n).toBe(1);
    expect(meanStd([1, 2, 3, 4])).toEqual({ mean: 2.5, std: Math.sqrt(1.25) });
  });

  it('validates summaries: exact keys, finite numbers, known protocols', () => {
    const s = summarize(rows, meta);
    expect(isSummary(JSON.parse(JSON.stringify(s)))).toBe(true);
    expect(() => parseSummary({ ...s, extra: 1 }, 'x.json')).toThrow(/^x.json: not a valid summary/);
    expect(() => parseSummary({ ...s, metrics: { m: { guess: s.metrics.kmeans.hint } } })).toThrow(CutsInputError);
    expect(() => parseSummary({ ...s, images: 1.5 })).toThrow(/images/);
    const { timings_s: _t, ...noTimings } = s;
    expect(isSummary(noTimings)).toBe(false);
    expect(() => summarize([row('a', 'm', 'hint', NaN, 1)], meta)).toThrow(CutsInputError);
  });

  it('CSV: header, one line per row, full precision, quoting', () => {
    const csv = formatMetricsCsv([row('a,"b"', 'kmeans', 'hint', 0.5, 10)]);
    expect(csv).toBe(
      `image,method,protocol,dice,iou,hd,hd95,ssim,clusters\n"a,""b""",kmeans,hint,0.5,${0.5 / 1.5},10,5,0.5,10\n`,
    );
  });

  it('markdown table: one row per method × protocol with mean ± std', () => {
    const md = renderMarkdownTable(summarize(rows, meta));
    expect(md).toContain('| method | protocol | n | Dice ↑ | HD ↓ (px) | HD95 ↓ (px) | SSIM ↑ | clusters |');
    expect(md).toContain(
      '| kmeans | hint | 2 | 0.600 ± 0.100 | 15.00 ± 5.00 | 7.50 ± 2.50 | 0.500 ± 0.000 | 10.0 ± 0.0 |',
    );
    expect(md.trim().split('\n')).toHaveLength(4 + 3); // caption, blank, header, rule + 3 rows
  });

  it('writes and reads back files (summary round-trips exactly)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cuts-eval-'));
    const s = summarize(rows, meta);
    await writeSummaryJson(path.join(dir, 'out', 'summary.json'), s);
    expect(await readSummaryJson(path.join(dir, 'out', 'summary.json'))).toEqual(s);
    await writeMetricsCsv(path.join(dir, 'metrics.csv'), rows);
    expect(readFileSync(path.join(dir, 'metrics.csv'), 'utf8').split('\n')).toHaveLength(rows.length + 2);
    writeFileSync(path.join(dir, 'bad.json'), '{"dataset": 1}');
    await expect(readSummaryJson(path.join(dir, 'bad.json'))).rejects.toThrow(/bad.json: not a valid summary/);
    await expect(readSummaryJson(path.join(dir, 'missing.json'))).rejects.toThrow(CutsInputError);
  });
});
