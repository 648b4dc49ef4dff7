/**
 * Evaluate stage: scores every label map in the run folder against the masks
 * under each configured protocol and writes metrics.csv, summary.json and
 * report.md. Training never sees the masks; only this stage reads them.
 */
import { readdir } from 'node:fs/promises';
import { evaluateImage, renderMarkdownTable, summarize, type ImageScore } from '@cuts/eval';
import { formatMetricsCsv, formatSummary, RUN_DIRS, type Summary } from '@cuts/run-folder';
import { CutsInputError, type CutsConfig, type DatasetItem, type Protocol, type Reporter } from '@cuts/core';
import { exists, readNativeLevelsIndex, writeTextAtomic, type RunDir } from '../run-dir.js';
import { LEVELS_METHOD } from '../run-dir.js';
import type { RunStateStore } from '../run-state.js';
import { renderControls } from './controls-report.js';
import { readLabelMapPng, readLevels } from './label-io.js';
import { addNative2D, nativeGround2D, volumeRows } from './evaluate-native.js';
import { nativeSources, type Native2D } from './native-sources.js';
import { InterruptedError } from '../errors.js';
import { writeOverlays } from './overlays.js';
import { renderPerImageSection } from './report-per-image.js';

export interface EvaluateStageResult {
  readonly rows: ImageScore[];
  readonly summary: Summary;
  /** Images without a usable mask (none, or empty). */
  readonly skipped: string[];
}

export interface EvaluateMeta {
  readonly dataset: string;
  readonly backend: string;
  readonly timings: { train: number; embed: number; cluster: number; eval: number };
  /** Ctrl-C: stop before the next image (nothing is written until every image is scored). */
  readonly signal?: AbortSignal;
}

/** Methods with a single map per image: every directory under labels/ except the levels. */
async function singleMapMethods(runDir: RunDir): Promise<string[]> {
  const dir = runDir.at(RUN_DIRS.labels);
  if (!(await exists(dir))) return [];
  const entries = await readdir(dir, { withFileTypes: true });
  return entries
    .filter((e) => e.isDirectory() && e.name !== LEVELS_METHOD)
    .map((e) => e.name)
    .sort();
}

export async function runEvaluateStage(
  runDir: RunDir,
  items: readonly DatasetItem[],
  config: CutsConfig,
  reporter: Reporter,
  meta: EvaluateMeta,
): Promise<EvaluateStageResult | undefined> {
  const start = performance.now();
  // Slices of a volume are scored with their volume, as a volume (below).
  const sources = nativeSources(items);
  const by2D = new Map(sources.filter((x): x is Native2D => x.kind === 'image2d').map((x) => [x.id, x]));
  const volumes = sources.filter((x) => x.kind === 'volume');
  const scorable = items.filter((it) => by2D.has(it.id) && it.mask?.data.some((v) => v !== 0));
  const skipped = [
    ...items.filter((it) => by2D.has(it.id) && !scorable.includes(it)).map((it) => it.id),
    ...volumes.filter((v) => !v.ref.maskPath).map((v) => v.id),
  ];
  if (scorable.length === 0 && volumes.every((v) => !v.ref.maskPath)) {
    reporter.log('info', 'no masks: skipping evaluation');
    return undefined;
  }
  if (skipped.length > 0) reporter.log('info', `not scored (no mask or an empty mask): ${skipped.join(', ')}`);
  const protocols = config.eval.protocols;
  const single = protocols.filter((p): p is Exclude<Protocol, 'oracle'> => p !== 'oracle');
  const methods = await singleMapMethods(runDir);
  const rows: ImageScore[] = [];
  let done = 0;
  const total = scorable.length + volumes.length;
  for (const item of scorable) {
    if (meta.signal?.aborted) throw new InterruptedError();
    const gt = item.mask!;
    const source = by2D.get(item.id)!;
    const ground = await nativeGround2D(source);
    for (const method of methods) {
      const file = runDir.labels(method, item.id);
      // A method present for some images must be present for all: a missing map silently
      // dropped would score the method on fewer images (and a flattering mean).
      if (!(await exists(file))) {
        throw new CutsInputError(
          `missing label map for image ${item.id} (method ${method} has maps for other images); re-run \`cuts cluster --run ${runDir.root}\` (or the baseline) to rewrite it`,
          file,
        );
      }
      const map = await readLabelMapPng(file);
      rows.push(
        ...(await addNative2D(
          runDir,
          source,
          method,
          evaluateImage({ image: item.id, method, labelMaps: map, gt, protocols: single }),
          ground,
        )),
      );
    }
    if (protocols.includes('oracle')) {
      const levels = await readLevels(runDir, item.id);
      if (levels.length > 0) {
        const scores = evaluateImage({
          image: item.id,
          method: 'diffusion_best',
          labelMaps: levels.map((l) => l.map),
          gt,
          protocols: ['oracle'],
        });
        const withNative = await addNative2D(runDir, source, 'diffusion_best', scores, ground, levels.length);
        rows.push(
          ...withNative.map((s) => ({ ...s, level: s.level === undefined ? undefined : levels[s.level].index })),
        );
      }
    }
    reporter.progress({ task: 'evaluate', done: ++done, total });
  }
  const levelCounts = await readNativeLevelsIndex(runDir);
  for (const v of volumes) {
    rows.push(...(await volumeRows(runDir, v, methods, protocols, levelCounts[v.id] ?? 0)));
    reporter.progress({ task: 'evaluate', done: ++done, total });
  }
  reporter.end('evaluate');
  const evalSeconds = (performance.now() - start) / 1000;
  const summary = summarize(rows, {
    dataset: meta.dataset,
    backend: meta.backend,
    seed: config.seed,
    timings_s: { ...meta.timings, eval: meta.timings.eval + evalSeconds },
  });
  const overlays = await writeOverlays(runDir, scorable, methods, meta.signal);
  await writeTextAtomic(runDir.metricsCsv, formatMetricsCsv(rows));
  await writeTextAtomic(runDir.summaryJson, formatSummary(summary, runDir.summaryJson));
  await writeTextAtomic(
    runDir.reportMd,
    `${renderReport(summary, skipped, config.cluster.features)}\n\n${renderPerImageSection(rows, overlays)}`,
  );
  return { rows, summary, skipped };
}

/** Evaluates with the run's stage timings and marks the stage finished. */
export async function evaluateRun(
  runDir: RunDir,
  state: RunStateStore,
  items: readonly DatasetItem[],
  config: CutsConfig,
  reporter: Reporter,
  dataset: string,
  backend: string,
  signal?: AbortSignal,
): Promise<EvaluateStageResult | undefined> {
  const result = await runEvaluateStage(runDir, items, config, reporter, {
    dataset,
    backend,
    signal,
    timings: {
      train: state.seconds('train'),
      embed: state.seconds('embed'),
      cluster: state.seconds('cluster'),
      eval: 0,
    },
  });
  await state.finish('evaluate');
  return result;
}

function renderReport(
  summary: Summary,
  skipped: readonly string[],
  features: CutsConfig['cluster']['features'],
): string {
  const t = summary.timings_s;
  return [
    `# cuts-ts report: ${summary.dataset}`,
    '',
    `${summary.images} scored image(s), seed ${summary.seed}, backend ${summary.backend}.`,
    skipped.length > 0 ? `Not scored (no mask or an empty mask): ${skipped.join(', ')}.` : '',
    '',
    `Timings (s): train ${t.train.toFixed(1)}, embed ${t.embed.toFixed(1)}, cluster ${t.cluster.toFixed(1)}, eval ${t.eval.toFixed(1)}.`,
    '',
    "Protocols: `hint` — the cluster most frequent under the ground-truth mask (the paper's);",
    '`point` — the cluster under one click at the mask pixel farthest from its boundary;',
    '`oracle` — the best diffusion level per image and metric; `direct` — the map itself.',
    '',
    renderControls(summary, features),
    renderMarkdownTable(summary),
  ].join('\n');
}
