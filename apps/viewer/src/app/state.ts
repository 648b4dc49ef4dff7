import type { RunListing } from '../server/run-listing.js';
import type { Summary, TrainingLog } from '@cuts/run-folder';
import type { MetricRow } from './lib/metrics-table.js';
import type { NativeIndex } from './native/contract.js';

/** Everything loaded once at start-up and shared by the views. */
export interface AppState {
  listing: RunListing;
  metrics: MetricRow[];
  /** Why metrics.csv could not be read (absent file is not an error). */
  metricsError?: string;
  summary?: Summary;
  summaryError?: string;
  trainingLog?: TrainingLog;
  trainingLogError?: string;
  config?: unknown;
  /** native/index.json (runs written with native grids); absent for older runs. */
  native?: NativeIndex;
  /** labels_native/diffusion_levels/index.json: number of levels per item. */
  nativeLevels?: Record<string, number>;
  nativeError?: string;
}
