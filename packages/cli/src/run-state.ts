/**
 * What a run has finished, kept in `<run-dir>/state.json` (rewritten atomically
 * after each unit of work) so `--resume` skips finished stages and images.
 */
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

export class RunStateStore {
  private state: RunState = fresh();
  constructor(private readonly file: string) {}

  /** Reads the saved state when resuming; starts empty otherwise. */
  async load(resume: boolean): Promise<RunState> {
    this.state = resume && (await exists(this.file)) ? await readJson<RunState>(this.file, 'run state') : fresh();
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
