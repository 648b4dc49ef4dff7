import type { RunListing } from '../server/run-listing.js';
import type { MetricRow } from './lib/metrics-table.js';
import type { RunSummary } from './lib/summary.js';
import type { TrainingLog } from './lib/training-log.js';

/** Everything loaded once at start-up and shared by the views. */
export interface AppState {
  listing: RunListing;
  metrics: MetricRow[];
  /** Why metrics.csv could not be read (absent file is not an error). */
  metricsError?: string;
  summary?: RunSummary;
  summaryError?: string;
  trainingLog?: TrainingLog;
  trainingLogError?: string;
  config?: unknown;
}
