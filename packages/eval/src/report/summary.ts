/**
 * summary.json: the stable, documented result of an evaluation run (schema in
 * the package README). Other tools (the viewer, benchmarks) read it, so the
 * shape only changes with a major version. Browser-safe, and small in a
 * browser bundle: the schema uses `zod/mini` (tree-shakable) with zod's English
 * messages, not the full `zod` API.
 */
import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';
import { CutsInputError } from '@cuts/core/browser';
import type { Protocol } from '@cuts/core/browser';

// zod/mini ships without messages; use the English ones full zod prints.
z.config(en());

/** The protocol names a summary may hold (the same as `@cuts/core`'s `protocolSchema`; a test checks). */
export const SUMMARY_PROTOCOLS = ['hint', 'point', 'oracle', 'direct'] as const satisfies readonly Protocol[];

const nonNegative = () => z.number().check(z.minimum(0));
const meanStdSchema = z.strictObject({ mean: z.number(), std: nonNegative() });

/** The same selections scored on the source grid; distances in `units` ("mixed": mm and px rows together). */
export const nativeSummarySchema = z.strictObject({
  dice: meanStdSchema,
  hd: meanStdSchema,
  hd95: meanStdSchema,
  units: z.enum(['mm', 'px', 'mixed']),
});

/** One method × protocol cell of summary.json (a zod/mini schema). */
export const protocolSummarySchema = z.strictObject({
  n: z.int().check(z.minimum(0)),
  dice: meanStdSchema,
  hd: meanStdSchema,
  hd95: meanStdSchema,
  ssim: meanStdSchema,
  clusters: meanStdSchema,
  native: z.optional(nativeSummarySchema),
});

/** The whole summary.json document (a zod/mini schema; `parseSummary` is the usual way in). */
export const summarySchema = z.strictObject({
  dataset: z.string(),
  images: z.int().check(z.minimum(0)),
  backend: z.string(),
  seed: z.number(),
  timings_s: z.strictObject({
    train: nonNegative(),
    embed: nonNegative(),
    cluster: nonNegative(),
    eval: nonNegative(),
  }),
  metrics: z.record(z.string(), z.partialRecord(z.enum(SUMMARY_PROTOCOLS), protocolSummarySchema)),
});

/** Mean and population standard deviation over images. */
export interface MeanStd {
  readonly mean: number;
  /** Population standard deviation (ddof = 0, numpy's default). */
  readonly std: number;
}
/** Source-grid statistics of one method × protocol. */
export interface NativeSummary {
  readonly dice: MeanStd;
  readonly hd: MeanStd;
  readonly hd95: MeanStd;
  readonly units: 'mm' | 'px' | 'mixed';
}
/** The statistics of one method × protocol over images. */
export interface ProtocolSummary {
  /** Number of images scored. */
  readonly n: number;
  /** Source-grid figures, when every row of the group has them. */
  readonly native?: NativeSummary;
  readonly dice: MeanStd;
  readonly hd: MeanStd;
  readonly hd95: MeanStd;
  readonly ssim: MeanStd;
  readonly clusters: MeanStd;
}
/** Wall-clock seconds per stage. */
export interface Timings {
  readonly train: number;
  readonly embed: number;
  readonly cluster: number;
  readonly eval: number;
}
/** The summary.json document. */
export interface Summary {
  readonly dataset: string;
  /** Distinct images scored. */
  readonly images: number;
  readonly backend: string;
  readonly seed: number;
  /** Wall-clock seconds per stage (0 for a stage that did not run). */
  readonly timings_s: Timings;
  /** method → protocol → statistics. */
  readonly metrics: Readonly<Record<string, Partial<Record<Protocol, ProtocolSummary>>>>;
}

// Compile-time check that the hand-written interface and the schema agree both ways.
function assertSummaryTypesAgree(
  a: z.infer<typeof summarySchema>,
  b: Summary,
): [Summary, z.infer<typeof summarySchema>] {
  return [a, b];
}
void assertSummaryTypesAgree;

/** Validates a parsed summary.json; throws a CutsInputError naming `source` and every bad key. */
export function parseSummary(json: unknown, source = 'summary.json'): Summary {
  const result = summarySchema.safeParse(json);
  if (result.success) return result.data as Summary;
  const lines = result.error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`);
  throw new CutsInputError(`not a valid summary\n  ${lines.join('\n  ')}`, source);
}

/** True when `json` is a valid summary. */
export function isSummary(json: unknown): json is Summary {
  return summarySchema.safeParse(json).success;
}

/** Mean and population standard deviation (0 for a single value; NaN-free for n ≥ 1). */
export function meanStd(values: readonly number[]): MeanStd {
  if (values.length === 0) return { mean: 0, std: 0 };
  let sum = 0;
  for (const v of values) sum += v;
  const mean = sum / values.length;
  let ss = 0;
  for (const v of values) ss += (v - mean) ** 2;
  return { mean, std: Math.sqrt(ss / values.length) };
}

/** The per-image numbers a summary aggregates (an ImageScore has them all). */
export interface SummaryRow {
  readonly image: string;
  readonly method: string;
  readonly protocol: Protocol;
  readonly dice: number;
  readonly hd: number;
  readonly hd95: number;
  readonly ssim: number;
  readonly clusters: number;
  readonly dice_native?: number;
  readonly hd_native?: number;
  readonly hd95_native?: number;
  readonly units?: 'mm' | 'px';
}

/** What a summary records besides the scores: dataset, backend, seed, timings. */
export interface SummaryMeta {
  readonly dataset: string;
  readonly backend: string;
  readonly seed: number;
  readonly timings_s?: Partial<Timings>;
}

/** Aggregates per-image rows to mean ± std per method × protocol (methods and protocols in first-seen order). */
export function summarize(rows: readonly SummaryRow[], meta: SummaryMeta): Summary {
  const groups = new Map<string, Map<Protocol, SummaryRow[]>>();
  for (const row of rows) {
    let byProtocol = groups.get(row.method);
    if (!byProtocol) groups.set(row.method, (byProtocol = new Map()));
    const list = byProtocol.get(row.protocol);
    if (list) list.push(row);
    else byProtocol.set(row.protocol, [row]);
  }
  const metrics: Record<string, Partial<Record<Protocol, ProtocolSummary>>> = {};
  for (const [method, byProtocol] of groups) {
    const out: Partial<Record<Protocol, ProtocolSummary>> = {};
    for (const [protocol, list] of byProtocol) {
      const stat = (key: 'dice' | 'hd' | 'hd95' | 'ssim' | 'clusters') => meanStd(list.map((r) => r[key]));
      const units = new Set(list.map((r) => r.units));
      const native =
        units.has(undefined) || list.length === 0
          ? undefined
          : {
              dice: meanStd(list.map((r) => r.dice_native!)),
              hd: meanStd(list.map((r) => r.hd_native!)),
              hd95: meanStd(list.map((r) => r.hd95_native!)),
              units: units.size === 1 ? list[0].units! : ('mixed' as const),
            };
      out[protocol] = {
        n: list.length,
        dice: stat('dice'),
        hd: stat('hd'),
        hd95: stat('hd95'),
        ssim: stat('ssim'),
        clusters: stat('clusters'),
        ...(native ? { native } : {}),
      };
    }
    metrics[method] = out;
  }
  const t = meta.timings_s ?? {};
  return parseSummary(
    {
      dataset: meta.dataset,
      images: new Set(rows.map((r) => r.image)).size,
      backend: meta.backend,
      seed: meta.seed,
      timings_s: { train: t.train ?? 0, embed: t.embed ?? 0, cluster: t.cluster ?? 0, eval: t.eval ?? 0 },
      metrics,
    },
    'summarize()',
  );
}
