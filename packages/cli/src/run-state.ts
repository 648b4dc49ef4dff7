/**
 * What a run has finished, kept in `<run-dir>/state.json` (rewritten atomically
 * after each unit of work) so `--resume` skips finished stages and images. The file's
 * schema is `@cuts/run-folder`'s `runStateSchema`.
 */
import { emptyRunState, formatRunState, parseRunState, type RunState, type StageName } from '@cuts/run-folder';
import { exists, readJson, writeTextAtomic } from './run-dir.js';

export type { RunState, StageName };

const fresh = emptyRunState;

/** A parsed state.json, checked against the contract: CutsInputError naming the file when its shape is wrong. */
function checkState(value: unknown, file: string): RunState {
  return parseRunState(value, file, 'start the run again with --force');
}

export class RunStateStore {
  private state: RunState = fresh();
  constructor(private readonly file: string) {}

  /** Reads the saved state when resuming; starts empty otherwise. */
  async load(resume: boolean): Promise<RunState> {
    this.state =
      resume && (await exists(this.file))
        ? checkState(await readJson<unknown>(this.file, 'run state'), this.file)
        : fresh();
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
    return writeTextAtomic(this.file, formatRunState(this.state, this.file));
  }
}
