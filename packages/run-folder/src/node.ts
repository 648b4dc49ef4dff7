/**
 * `@cuts/run-folder/node`: reading and checking a run folder from disk (Node only, read-only;
 * writers keep their own atomic-write helpers and use the paths and formatters of the main entry).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { CutsInputError } from '@cuts/core/browser';
import { parseRunConfigFile, type RunConfigFile } from './config-file.js';
import { parseLevelsIndex, parseNativeLevelsIndex, type LevelsIndex, type NativeLevelsIndex } from './levels-index.js';
import { parseMetricsCsv, type MetricsCsvRow } from './metrics-csv.js';
import { RUN_FILES } from './paths.js';
import { parseRunState, type RunState } from './state.js';
import { parseSummary, type Summary } from './summary.js';
import { parseTrainingLog, type TrainingLog } from './training-log.js';
import { parseRunMarker, type RunMarker } from './version.js';

/** The text of `<dir>/<relative>`, or undefined when the file does not exist. */
export async function readRunText(dir: string, relative: string): Promise<string | undefined> {
  const file = path.join(dir, relative);
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new CutsInputError(`cannot read (${(err as Error).message})`, file, { cause: err });
  }
}

/** The parsed JSON of `<dir>/<relative>`, or undefined when missing; CutsInputError naming the file when it is not JSON. */
export async function readRunJson(dir: string, relative: string): Promise<unknown> {
  const text = await readRunText(dir, relative);
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new CutsInputError(`invalid JSON (${(err as Error).message})`, path.join(dir, relative));
  }
}

/** Reads and checks `cuts-run.json` (a folder without it reads as version 1). */
export async function readRunMarker(dir: string): Promise<RunMarker> {
  return parseRunMarker(await readRunJson(dir, RUN_FILES.marker), path.join(dir, RUN_FILES.marker));
}

/** Every contract file a run folder holds, parsed; a file the folder lacks is absent. */
export interface RunFolderContents {
  readonly marker: RunMarker;
  readonly config?: RunConfigFile;
  readonly state?: RunState;
  readonly summary?: Summary;
  readonly trainingLog?: TrainingLog;
  readonly metrics?: MetricsCsvRow[];
  readonly levelsIndex?: LevelsIndex;
  readonly nativeLevelsIndex?: NativeLevelsIndex;
}

/**
 * Reads and validates every contract file of the run folder `dir` (the version first).
 * Throws CutsInputError naming the first file that is not valid.
 */
export async function readRunFolder(dir: string): Promise<RunFolderContents> {
  const marker = await readRunMarker(dir);
  const json = async <T>(rel: string, parse: (j: unknown, source: string) => T): Promise<T | undefined> => {
    const j = await readRunJson(dir, rel);
    return j === undefined ? undefined : parse(j, path.join(dir, rel));
  };
  const csv = await readRunText(dir, RUN_FILES.metrics);
  return {
    marker,
    config: await json(RUN_FILES.config, (j, s) => parseRunConfigFile(j, s)),
    state: await json(RUN_FILES.state, (j, s) => parseRunState(j, s)),
    summary: await json(RUN_FILES.summary, parseSummary),
    trainingLog: await json(RUN_FILES.trainingLog, parseTrainingLog),
    metrics: csv === undefined ? undefined : parseMetricsCsv(csv, path.join(dir, RUN_FILES.metrics)),
    levelsIndex: await json(RUN_FILES.levelsIndex, parseLevelsIndex),
    nativeLevelsIndex: await json(RUN_FILES.nativeLevelsIndex, parseNativeLevelsIndex),
  };
}
