import { describe, expect, it } from 'vitest';
import { defaultConfig } from '@cuts/core/browser';
import { formatRunConfigFile, parseRunConfigFile, type RunConfigFile } from './index.js';

const file: RunConfigFile = {
  config: defaultConfig,
  seed: 1,
  backend: 'wasm',
  data: { dir: '/data/retina', demo: false },
  versions: { 'cuts-ts': '0.1.0', node: 'v22.22.0', 'tfjs-core': '4.22.0' },
  createdAt: '2026-12-01T06:00:00.000Z',
};

describe('config.json', () => {
  it("round-trips through its text form; the config is checked by core's schema", () => {
    expect(parseRunConfigFile(JSON.parse(formatRunConfigFile(file)))).toEqual(file);
    // a partial config is completed with the defaults (core's parseConfig)
    const partial = parseRunConfigFile({ ...file, config: { data: { imageSize: 64 } } });
    expect(partial.config.data.imageSize).toBe(64);
    expect(partial.config.train).toEqual(defaultConfig.train);
  });

  it('names the file and the problem', () => {
    const cases: [unknown, string][] = [
      [[1, 2, 3], 'the top level is not an object'],
      [{ ...file, config: [] }, '"config" is not an object'],
      [{ config: {}, seed: 'one' }, '"seed" is not an integer'],
      [{ ...file, backend: 3 }, '"backend" is not a string'],
      [{ ...file, data: { dir: '/d' } }, '"data" needs "dir" (string) and "demo" (boolean)'],
      [{ ...file, versions: { node: 22 } }, '"versions" must map names to version strings'],
      [{ ...file, createdAt: 'yesterday' }, '"createdAt" is not an ISO date'],
    ];
    for (const [json, msg] of cases)
      expect(() => parseRunConfigFile(json, '/r/config.json')).toThrow(
        `/r/config.json: not a valid run config (${msg})`,
      );
    expect(() => parseRunConfigFile({ ...file, config: { train: { epochs: -1 } } }, '/r/config.json')).toThrow(
      /^\/r\/config\.json: .*train\.epochs/s,
    );
  });
});
