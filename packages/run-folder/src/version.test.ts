import { describe, expect, it } from 'vitest';
import { parseRunMarker, RUN_FOLDER_SCHEMA_VERSION, runMarker } from './index.js';

describe('cuts-run.json', () => {
  it('round-trips the marker a writer puts in a new folder', () => {
    const m = runMarker('@cuts/cli 0.1.0');
    expect(m).toEqual({ schemaVersion: RUN_FOLDER_SCHEMA_VERSION, writer: '@cuts/cli 0.1.0' });
    expect(parseRunMarker(JSON.parse(JSON.stringify(m)))).toEqual(m);
  });

  it('reads a folder without the file (written before the contract) as version 1', () => {
    expect(parseRunMarker(undefined)).toEqual({ schemaVersion: 1 });
  });

  it('refuses a newer version, naming the file, the version and the writer', () => {
    expect(() =>
      parseRunMarker({ schemaVersion: RUN_FOLDER_SCHEMA_VERSION + 1, writer: '@cuts/cli 9.0.0' }, '/r/cuts-run.json'),
    ).toThrow(
      `/r/cuts-run.json: this run folder was written by @cuts/cli 9.0.0 in run-folder format ${RUN_FOLDER_SCHEMA_VERSION + 1}; this version of cuts-ts reads format ${RUN_FOLDER_SCHEMA_VERSION} — upgrade cuts-ts to open it`,
    );
  });

  it('refuses a marker without an integer version', () => {
    for (const bad of [{}, { schemaVersion: '1' }, { schemaVersion: 0 }, { schemaVersion: 1.5 }, [], null]) {
      expect(() => parseRunMarker(bad)).toThrow(/^cuts-run\.json: not a valid run-folder marker/);
    }
    expect(() => parseRunMarker({ schemaVersion: 'two' })).toThrow(/schemaVersion: /);
  });
});
