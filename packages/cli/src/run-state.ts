/**
 * What a run has finished, kept in `<run-dir>/state.json` (rewritten atomically
 * after each unit of work) so `--resume` skips finished stages and images.
 */
import { CutsInputError } from '@cuts/core';
import { exists, readJson, writeJsonAtomic } from './run-dir.js';

export type StageName = 'train' | 'embed' | 'cluster' | 'controls' | 'baselines' | 'evaluate';

export interface RunState {
  readonly version: 1;
  /** Seconds spent per stage (accumulated across resumed sessions). */
  seconds: Partial<Record<StageName, number>>;
  /** Stages fully finished. */
  finished: StageName[];
  /** Images whose stage outputs are fully written, per stage. */
  done: Partial<Record<StageName, string[]>>;
}

const fresh = (): RunState => ({ version: 1, seconds: {}, finished: [], done: {} });

const STAGES: readonly StageName[] = ['train', 'embed', 'cluster', 'controls', 'baselines', 'evaluate'];

/** A parsed state.json, checked: CutsInputError naming the file when its shape is wrong. */
function checkState(value: unknown, file: string): RunState {
  const bad = (what: string) => new CutsInputError(`not a valid run state (${what}); start the run again with --force`, file);
  const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!isObj(value) || value.version !== 1) throw bad('expected an object with "version": 1');
  const { seconds, finished, done } = value;
  if (!Array.isArray(finished) || !finished.every((s) => STAGES.includes(s as StageName))) throw bad('"finished" must list stage names');
  if (!isObj(seconds) || !Object.entries(seconds).every(([k, v]) => STAGES.includes(k as StageName) && typeof v === 'number' && Number.isFinite(v))) {
    throw bad('"seconds" must map stage names to numbers');
  }
  if (!isObj(done) || !Object.entries(done).every(([k, v]) => STAGES.includes(k as StageName) && Array.isArray(v) && v.every((x) => typeof x === 'string'))) {
    throw bad('"done" must map stage names to lists of image ids');
  }
  return value as unknown as RunState;
}

export class RunStateStore {
  private state: RunState = fresh();
  constructor(private readonly file: string) {}

  /** Reads the saved state when resuming; starts empty otherwise. */
  async load(resume: boolean): Promise<RunState> {
    this.state = resume && (await exists(this.file)) ? checkState(await readJson<unknown>(this.file, 'run state'), this.file) : fresh();
    return this.state;
  }

  isFinished(stage: StageName): boolean {
    return this.state.finished.includes(stage);
  }

  isDone(stage: StageName, id: string): boolean {
    return this.state.done[stage]?.includes(id) ?? false;
  }

  seconds(stage: StageName): number {
    return this.state.seconds[stage] ?? 0;
  }

  /** Records one image of a stage as written, with the time it took. */
  async markDone(stage: StageName, id: string, seconds: number): Promise<void> {
    const list = (this.state.done[stage] ??= []);
    if (!list.includes(id)) list.push(id);
    this.state.seconds[stage] = this.seconds(stage) + seconds;
    await this.save();
  }

  async finish(stage: StageName, seconds = 0): Promise<void> {
    if (!this.state.finished.includes(stage)) this.state.finished.push(stage);
    this.state.seconds[stage] = this.seconds(stage) + seconds;
    await this.save();
  }

  /** Forgets a stage (and every later one that depends on it). */
  async reset(stages: StageName[]): Promise<void> {
    this.state.finished = this.state.finished.filter((s) => !stages.includes(s));
    for (const s of stages) {
      delete this.state.done[s];
      delete this.state.seconds[s];
    }
    await this.save();
  }

  private save(): Promise<void> {
    return writeJsonAtomic(this.file, this.state);
  }
}
