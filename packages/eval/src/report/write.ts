/** Writing reports to disk (Node only; not part of the browser-safe `@cuts/eval/metrics`). */
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { CutsInputError } from '@cuts/core/browser';
import type { ImageScore } from '../evaluate.js';
import { formatMetricsCsv } from './csv.js';
import { renderMarkdownTable } from './markdown.js';
import { parseSummary } from './summary.js';
import type { Summary } from './summary.js';

/** Writes through a temporary file and a rename (write-file-atomic), so a crash never leaves half a report. */
async function writeAtomic(file: string, text: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFileAtomic(file, text);
}

/** Per-image CSV: image, method, protocol, dice, iou, hd, hd95, ssim, clusters. */
export async function writeMetricsCsv(file: string, rows: readonly ImageScore[]): Promise<void> {
  await writeAtomic(file, formatMetricsCsv(rows));
}

/** summary.json, validated against the schema first, 2-space indented. */
export async function writeSummaryJson(file: string, summary: Summary): Promise<void> {
  const valid = parseSummary(summary, file);
  await writeAtomic(file, `${JSON.stringify(valid, null, 2)}\n`);
}

/** Reads and validates a summary.json (CutsInputError naming the file when it is not one). */
export async function readSummaryJson(file: string): Promise<Summary> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    throw new CutsInputError(`cannot read summary JSON: ${(err as Error).message}`, file, { cause: err });
  }
  return parseSummary(json, file);
}

/** The markdown table of {@link renderMarkdownTable}. */
export async function writeMarkdownTable(file: string, summary: Summary): Promise<void> {
  await writeAtomic(file, renderMarkdownTable(summary));
}
