/**
 * The batch's last job: gathers the images' markers into the run's files that
 * span images (labels/diffusion_levels/index.json, state.json), records the
 * failed images (queue/failed.json), writes the native-grid files, and evaluates
 * against the masks (metrics.csv, summary.json, report.md, overlays/) as a local
 * `cuts segment` does. (The raw-pixel and classical controls are not queued yet.)
 */
import { loadEntry } from '@cuts/data';
import { silentReporter, type DatasetItem } from '@cuts/core';
import { formatRunState, type RunState } from '@cuts/run-folder';
import { RunDir, exists, writeJsonAtomic, writeLevelsIndex, writeTextAtomic } from '../run-dir.js';
import { readRunConfig } from '../run-config.js';
import { runEvaluateStage } from '../stages/evaluate.js';
import { writeNativeInputs } from '../stages/native-inputs.js';
import { writeNativeLabels } from '../stages/native-labels.js';
import { readMarker } from './image-job.js';
import { failedFile, markerFile, type BatchResult, type ImageMarker, type SummaryJobData } from './jobs.js';

export async function runSummaryJob(data: SummaryJobData, failures: ReadonlyMap<number, string>): Promise<BatchResult> {
  const runDir = new RunDir(data.out);
  const saved = await readRunConfig(runDir);
  const markers: ImageMarker[] = [];
  for (const entry of data.entries) {
    if (await exists(markerFile(runDir, entry.id))) markers.push(await readMarker(runDir, entry.id));
  }
  const failed = [...failures]
    .map(([index, reason]) => ({ id: data.entries[index]?.id ?? `#${index}`, reason }))
    .sort((a, b) => a.id.localeCompare(b.id));
  await writeJsonAtomic(failedFile(runDir), failed);

  const levels = Object.fromEntries(markers.filter((m) => m.levels).map((m) => [m.id, m.levels!]));
  if (Object.keys(levels).length > 0) await writeLevelsIndex(runDir, levels);
  const embed = markers.reduce((s, m) => s + m.seconds.embed, 0);
  const cluster = markers.reduce((s, m) => s + m.seconds.cluster, 0);

  const done = new Set(markers.map((m) => m.id));
  const items: DatasetItem[] = [];
  for (const entry of data.entries)
    if (done.has(entry.id)) items.push(...(await loadEntry(entry, { ...saved.config.data })));
  // the files a local `cuts segment` writes once the images are done: native grids and index
  await writeNativeInputs(runDir, items, silentReporter);
  await writeNativeLabels(runDir, items, silentReporter);
  const evaluation = await runEvaluateStage(runDir, items, saved.config, silentReporter, {
    dataset: data.dataDir,
    backend: saved.backend,
    timings: { train: 0, embed, cluster, eval: 0 },
  });
  const state: RunState = {
    version: 1,
    seconds: { embed, cluster, evaluate: evaluation?.summary.timings_s.eval ?? 0 },
    finished: ['embed', 'cluster', 'evaluate'],
    done: { cluster: markers.map((m) => m.id) },
  };
  await writeTextAtomic(runDir.stateFile, formatRunState(state, runDir.stateFile));
  return {
    images: data.entries.length,
    done: markers.length,
    failed,
    ...(evaluation ? { summary: evaluation.summary } : {}),
  };
}
