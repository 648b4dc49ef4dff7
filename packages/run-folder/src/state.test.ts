import { describe, expect, it } from 'vitest';
import { emptyRunState, formatRunState, parseRunState, type RunState } from './index.js';

describe('state.json', () => {
  it('round-trips through its text form', () => {
    const s: RunState = {
      version: 1,
      seconds: { train: 12.5, cluster: 3 },
      finished: ['train'],
      done: { cluster: ['a', 'b'] },
    };
    expect(parseRunState(JSON.parse(formatRunState(s)))).toEqual(s);
    expect(parseRunState(JSON.parse(formatRunState(emptyRunState())))).toEqual({
      version: 1,
      seconds: {},
      finished: [],
      done: {},
    });
    expect(formatRunState(s)).toBe(`${JSON.stringify(s, null, 2)}\n`);
  });

  it('names the file and the first bad field', () => {
    const base = { version: 1, finished: [], done: {}, seconds: {} };
    const cases: [unknown, string][] = [
      [[1], 'expected an object with "version": 1'],
      [{ ...base, version: 2 }, 'expected an object with "version": 1'],
      [{ ...base, finished: 'all' }, '"finished" must list stage names'],
      [{ ...base, finished: ['train', 'paint'] }, '"finished" must list stage names'],
      [{ ...base, seconds: { train: 'x' } }, '"seconds" must map stage names to numbers'],
      [{ ...base, seconds: { paint: 1 } }, '"seconds" must map stage names to numbers'],
      [{ ...base, seconds: { train: null } }, '"seconds" must map stage names to numbers'],
      [{ ...base, done: { cluster: [1] } }, '"done" must map stage names to lists of image ids'],
      [{ version: 1, finished: {}, done: [], seconds: 0 }, '"finished" must list stage names'],
    ];
    for (const [json, msg] of cases)
      expect(() => parseRunState(json, '/r/state.json'), JSON.stringify(json)).toThrow(
        `/r/state.json: not a valid run state (${msg})`,
      );
    expect(() => parseRunState({ ...base, finished: 1 }, 's', 'start again')).toThrow(
      's: not a valid run state ("finished" must list stage names); start again',
    );
    expect(() => formatRunState({ ...base, finished: ['x'] } as never)).toThrow(/state\.json: not a valid run state/);
  });
});
