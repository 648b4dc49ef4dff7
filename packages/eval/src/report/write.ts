/** Writing reports to disk (Node only; not part of the browser-safe `@cuts/eval/metrics`). */
import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import { CutsInputError } from '@cuts/core/browser';
import type { ImageScore } from '../evaluate.js';
import { formatMetricsCsv } from './csv.js';
import { renderMarkdownTable } from './markdown.js';
import { parseSummary } from './summary.js';
import type { Summary } from './summary.js';

/**
 * Writes through a temporary file, every byte (short writes on a full disk are
 * finished or fail), fsync and a rename, so a crash or a full disk never leaves
 * half a report under its name; a failure names the file (the same scheme as
 * @cuts/data's writeFileAtomic, which this package does not depend on).
 */
export async function writeAtomic(file: string, contents: string | Uint8Array): Promise<void> {
  const bytes = typeof contents === 'string' ? Buffer.from(contents, 'utf8') : contents;
  const tmp = path.join(
    path.dirname(file),
    `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`,
  );
  try {
    await mkdir(path.dirname(file), { recursive: true });
    const handle = await open(tmp, 'wx', 0o644);
    try {
      for (let offset = 0; offset < bytes.byteLength; ) {
        const { bytesWritten } = await handle.write(bytes, offset, bytes.byteLength - offset, offset);
        if (bytesWritten <= 0) throw Object.assign(new Error('write made no progress'), { code: 'EIO' });
        offset += bytesWritten;
      }
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, file);
  } catch (err) {
    await unlink(tmp).catch(() => undefined);
    const code = (err as NodeJS.ErrnoException).code;
    if (code) throw new CutsInputError(`cannot write file (${code}: ${(err as Error).message})`, file, { cause: err });
    throw err;
  }
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
