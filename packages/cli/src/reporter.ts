/**
 * Renders the stages' Reporter events for a person (progress bars with ETA on
 * a TTY, plain lines otherwise), for scripts (`--json`: one JSON object per
 * line on stderr) or not at all (`--quiet`: errors only).
 */
import cliProgress from 'cli-progress';
import type { LogLevel, ProgressUpdate, Reporter } from '@cuts/core';

export type OutputMode = 'human' | 'json' | 'quiet';

export interface CliReporter extends Reporter {
  /** Stops every bar (call before printing a final result). */
  close(): void;
}

/** Every reporter with a live display, so a failure can end them all before printing (main.ts). */
const live = new Set<CliReporter>();

/** Ends every progress display (clears the line, stops its timer). */
export function closeAllReporters(): void {
  for (const r of [...live]) r.close();
}

/** "12.3/s" or "45.6 s/it": units per second while fast, seconds per unit while slow. */
export function formatRate(done: number, seconds: number): string {
  if (done <= 0 || seconds <= 0) return '–/s';
  const perSecond = done / seconds;
  return perSecond >= 1 ? `${perSecond.toFixed(1)}/s` : `${(seconds / done).toFixed(1)} s/it`;
}

/** Elapsed time as m:ss (or h:mm:ss). */
export function formatElapsed(seconds: number): string {
  const s = Math.floor(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

const levelOrder: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };

function formatInfo(info: ProgressUpdate['info']): string {
  if (!info) return '';
  return Object.entries(info)
    .map(([k, v]) => `${k} ${typeof v === 'number' ? formatNumber(v) : v}`)
    .join('  ');
}

function formatNumber(v: number): string {
  if (Number.isInteger(v)) return String(v);
  const a = Math.abs(v);
  return a !== 0 && (a < 1e-3 || a >= 1e5) ? v.toExponential(3) : v.toFixed(4);
}

export function createCliReporter(
  mode: OutputMode,
  stream: NodeJS.WriteStream = process.stderr,
  verbose = false,
): CliReporter {
  const minLevel: LogLevel = mode === 'quiet' ? 'error' : verbose ? 'debug' : 'info';
  if (mode === 'json') {
    const emit = (obj: Record<string, unknown>) => stream.write(`${JSON.stringify(obj)}\n`);
    return {
      log: (level, message, fields) => {
        if (levelOrder[level] >= levelOrder[minLevel]) emit({ type: 'log', level, message, ...(fields ?? {}) });
      },
      progress: (u) => emit({ type: 'progress', task: u.task, done: u.done, total: u.total, ...(u.info ?? {}) }),
      end: (task) => emit({ type: 'end', task }),
      close: () => {},
    };
  }
  const useBars = mode === 'human' && stream.isTTY === true;
  const multi = useBars
    ? new cliProgress.MultiBar(
        {
          stream,
          clearOnComplete: false,
          hideCursor: true,
          format: '{task} |{bar}| {value}/{total} {percentage}% {rate} elapsed {elapsed} ETA {remaining} {info}',
          etaBuffer: 20,
        },
        cliProgress.Presets.shades_classic,
      )
    : undefined;
  const bars = new Map<string, cliProgress.SingleBar>();
  const lastLine = new Map<string, number>();
  /** When each task was first seen, and how many units it had done then (resumed work is not counted in the rate). */
  const started = new Map<string, { at: number; done: number }>();
  const timing = (u: ProgressUpdate) => {
    let s = started.get(u.task);
    if (!s) started.set(u.task, (s = { at: performance.now(), done: u.done }));
    const seconds = (performance.now() - s.at) / 1000;
    const n = u.done - s.done;
    const eta = n > 0 && u.total >= u.done ? `${formatElapsed(((u.total - u.done) * seconds) / n)}` : '–';
    return { rate: formatRate(n, seconds), elapsed: formatElapsed(seconds), remaining: eta };
  };
  let closed = false;
  const reporter: CliReporter = {
    log(level, message) {
      if (levelOrder[level] < levelOrder[minLevel]) return;
      const line = `${level === 'info' ? '' : `${level}: `}${message}`;
      if (multi && !closed) multi.log(`${line}\n`);
      else stream.write(`${line}\n`);
    },
    progress(u) {
      if (mode === 'quiet') return;
      const label = u.task.padEnd(8);
      if (multi) {
        let bar = bars.get(u.task);
        const t = timing(u);
        if (!bar) {
          bar = multi.create(Math.max(u.total, 1), 0, { task: label, info: '', ...t });
          bars.set(u.task, bar);
        }
        if (u.total > 0) bar.setTotal(u.total);
        bar.update(u.done, { task: label, info: formatInfo(u.info), ...t });
        return;
      }
      const t = timing(u);
      // No TTY: one line per ~10% of progress, and the last one.
      const step = Math.max(1, Math.floor(u.total / 10));
      const prev = lastLine.get(u.task) ?? -Infinity;
      if (u.done === u.total || u.done - prev >= step) {
        lastLine.set(u.task, u.done);
        stream.write(
          `${u.task}: ${u.done}/${u.total} ${t.rate} elapsed ${t.elapsed} ${formatInfo(u.info)}\n`.replace(
            / +\n$/,
            '\n',
          ),
        );
      }
    },
    end(task) {
      const bar = bars.get(task);
      if (bar) {
        bar.stop();
        bars.delete(task);
      }
    },
    close() {
      if (closed) return;
      closed = true;
      live.delete(reporter);
      multi?.stop();
    },
  };
  if (multi) live.add(reporter);
  return reporter;
}
