/**
 * The folder's format version, kept in `cuts-run.json` at the top of the run folder:
 *
 *   { "schemaVersion": 1, "writer": "@cuts/cli 0.1.0" }
 *
 * The CLI writes it with config.json. A reader checks it before any other file: a folder
 * from a newer (or unknown) version is refused with an error naming `cuts-run.json`, instead
 * of failing later on a file whose shape changed. A folder without the file was written
 * before the contract existed and reads as version 1 (the layout is the same).
 */
import { z } from 'zod';
import { CutsInputError } from '@cuts/core/browser';
import { parseWith } from './issues.js';
import { RUN_FILES } from './paths.js';

/** The run-folder format this package reads and writes. Bump it when a file's shape changes incompatibly. */
export const RUN_FOLDER_SCHEMA_VERSION = 1;

/** Schema of `cuts-run.json`, the marker that names the folder's format version. */
export const runMarkerSchema = z.looseObject({
  schemaVersion: z.int().min(1),
  /** Which program wrote the folder, e.g. "@cuts/cli 0.1.0" (informational). */
  writer: z.string().optional(),
});

/** The parsed `cuts-run.json`. */
export interface RunMarker {
  readonly schemaVersion: number;
  readonly writer?: string;
}

/** The marker a writer puts in a new run folder. */
export function runMarker(writer?: string): RunMarker {
  return { schemaVersion: RUN_FOLDER_SCHEMA_VERSION, ...(writer ? { writer } : {}) };
}

/**
 * Validates a parsed cuts-run.json and checks its version; `undefined` (no file) means a
 * folder from before the contract (version 1). Throws CutsInputError naming `source`.
 */
export function parseRunMarker(json: unknown, source: string = RUN_FILES.marker): RunMarker {
  if (json === undefined) return { schemaVersion: 1 };
  const marker = parseWith(
    runMarkerSchema,
    json,
    'run-folder marker (expected {"schemaVersion": <integer ≥ 1>})',
    source,
  );
  if (marker.schemaVersion > RUN_FOLDER_SCHEMA_VERSION) {
    const by = marker.writer ? ` by ${marker.writer}` : '';
    throw new CutsInputError(
      `this run folder was written${by} in run-folder format ${marker.schemaVersion}; this version of cuts-ts reads format ${RUN_FOLDER_SCHEMA_VERSION} — upgrade cuts-ts to open it`,
      source,
    );
  }
  return marker;
}
