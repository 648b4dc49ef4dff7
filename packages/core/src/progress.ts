/**
 * Progress and logging interfaces. Stages report through these; the CLI renders
 * them as bars or JSON lines, tests pass `silentReporter`.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** One progress report of a long task. */
export interface ProgressUpdate {
  /** Which task (e.g. "train", "embed", "cluster"). */
  readonly task: string;
  /** Units done so far and the total (total 0 when unknown). */
  readonly done: number;
  readonly total: number;
  /** Extra figures to show next to the bar (loss, epoch…). */
  readonly info?: Readonly<Record<string, number | string>>;
}

/** Where stages send log lines and progress; the CLI renders them, tests record or drop them. */
export interface Reporter {
  log(level: LogLevel, message: string, fields?: Readonly<Record<string, unknown>>): void;
  progress(update: ProgressUpdate): void;
  /** Marks a task finished (bars are closed). */
  end(task: string): void;
}

/** A reporter that drops everything. */
export const silentReporter: Reporter = {
  log() {},
  progress() {},
  end() {},
};

/** Collects everything reported; handy in tests. */
export class RecordingReporter implements Reporter {
  readonly logs: { level: LogLevel; message: string; fields?: Readonly<Record<string, unknown>> }[] = [];
  readonly updates: ProgressUpdate[] = [];
  readonly ended: string[] = [];
  log(level: LogLevel, message: string, fields?: Readonly<Record<string, unknown>>): void {
    this.logs.push({ level, message, fields });
  }
  progress(update: ProgressUpdate): void {
    this.updates.push(update);
  }
  end(task: string): void {
    this.ended.push(task);
  }
}

/** Where `createConsoleReporter` writes its lines: anything with `write(text)` (a Node stream, a test buffer). */
export interface TextSink {
  write(text: string): unknown;
}

/**
 * Plain line-oriented reporter (no bars); used when no TTY is attached.
 * `stream` defaults to `process.stderr`.
 */
export function createConsoleReporter(minLevel: LogLevel = 'info', stream: TextSink = process.stderr): Reporter {
  const order: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };
  return {
    log(level, message) {
      if (order[level] >= order[minLevel]) stream.write(`${level === 'info' ? '' : `${level}: `}${message}\n`);
    },
    progress() {},
    end() {},
  };
}
