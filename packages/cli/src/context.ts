/**
 * What every command needs: the resolved config, a reporter for its output
 * mode, and an AbortSignal that Ctrl-C (SIGINT/SIGTERM) fires so stages stop at
 * a safe point and leave no half-written file.
 */
import { CutsInputError, type CutsConfig, type CutsConfigInput } from '@cuts/core';
import { parseSliceAxis } from '@cuts/data';
import { resolveConfig } from './config-file.js';
import { createCliReporter, type CliReporter, type OutputMode } from './reporter.js';

export interface CommonOptions {
  config?: string;
  seed?: string;
  backend?: string;
  epochs?: string;
  /** `--features`: what the clustering runs on. */
  features?: string;
  /** false with `--no-controls`. */
  controls?: boolean;
  /** Volumes: --slice-axis axial|coronal|sagittal and --volume-index <n> (4D NIfTI). */
  sliceAxis?: string;
  volumeIndex?: string;
  maxPixels?: string;
  workers?: string;
  quiet?: boolean;
  json?: boolean;
  verbose?: boolean;
}

export interface CommandContext {
  readonly config: CutsConfig;
  readonly reporter: CliReporter;
  readonly signal: AbortSignal;
  readonly mode: OutputMode;
}

/** A decimal integer flag (digits only: "0x2", "1e3", "" and " 7" are refused) within [min, max]. */
export function parseIntegerFlag(
  value: string | undefined,
  flag: string,
  min = 0,
  max = Number.MAX_SAFE_INTEGER,
): number | undefined {
  if (value === undefined) return undefined;
  const n = /^[0-9]+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    throw new CutsInputError(
      `expected an integer ${max < Number.MAX_SAFE_INTEGER ? `from ${min} to ${max}` : `≥ ${min}`}, got "${value}"`,
      flag,
    );
  }
  return n;
}

/** Flags that override config keys. */
export function flagOverrides(opts: CommonOptions): CutsConfigInput {
  const out: Record<string, unknown> = {};
  const seed = parseIntegerFlag(opts.seed, '--seed');
  if (seed !== undefined) out.seed = seed;
  if (opts.backend !== undefined) out.backend = opts.backend;
  const epochs = parseIntegerFlag(opts.epochs, '--epochs', 1);
  const workers = parseIntegerFlag(opts.workers, '--workers', 0);
  if (epochs !== undefined || workers !== undefined)
    out.train = { ...(epochs !== undefined ? { epochs } : {}), ...(workers !== undefined ? { workers } : {}) };
  if (opts.features !== undefined) out.cluster = { features: opts.features };
  // commander defaults --no-controls to true: only an explicit "no" overrides the config
  if (opts.controls === false) out.eval = { controls: false };
  const data: Record<string, unknown> = {};
  if (opts.sliceAxis !== undefined) data.sliceAxis = parseSliceAxis(opts.sliceAxis);
  const volumeIndex = parseIntegerFlag(opts.volumeIndex, '--volume-index');
  if (volumeIndex !== undefined) data.volumeIndex = volumeIndex;
  const maxPixels = parseIntegerFlag(opts.maxPixels, '--max-pixels', 1);
  if (maxPixels !== undefined) data.maxPixels = maxPixels;
  if (Object.keys(data).length > 0) out.data = data;
  return out as CutsConfigInput;
}

let abort: AbortController | undefined;
let onSignal: ((sig: NodeJS.Signals) => void) | undefined;

/** Removes the Ctrl-C handlers (when a command has finished). */
export function releaseInterruptHandlers(): void {
  if (onSignal) {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  onSignal = undefined;
  abort = undefined;
}

/** One AbortController per process, fired by the first Ctrl-C; a second one exits at once. */
export function interruptSignal(reporter: CliReporter): AbortSignal {
  if (abort) return abort.signal;
  const controller = new AbortController();
  abort = controller;
  onSignal = (sig: NodeJS.Signals) => {
    if (controller.signal.aborted) process.exit(130);
    reporter.log('warn', `${sig}: stopping after the current step (press Ctrl-C again to quit at once)`);
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return controller.signal;
}

/** `base`: config values under the user's file and flags (a run's saved config, say). */
export async function createContext(opts: CommonOptions, base: unknown = {}): Promise<CommandContext> {
  const mode: OutputMode = opts.json ? 'json' : opts.quiet ? 'quiet' : 'human';
  const reporter = createCliReporter(mode, process.stderr, opts.verbose === true);
  const config = await resolveConfig(opts.config, flagOverrides(opts), base);
  return { config, reporter, signal: interruptSignal(reporter), mode };
}
