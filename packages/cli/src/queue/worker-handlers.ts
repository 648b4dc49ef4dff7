/** The handlers `cuts worker` gives the queue: image jobs and batch summaries. */
import type { BatchHandlers } from '@cuts/queue';
import { runImageJob } from './image-job.js';
import type { BatchResult, ImageJobData, ImageJobResult, SummaryJobData } from './jobs.js';
import type { WorkerResources } from './resources.js';
import { runSummaryJob } from './summary-job.js';

export function segmentHandlers(
  resources: WorkerResources,
): BatchHandlers<ImageJobData, SummaryJobData, ImageJobResult, BatchResult> {
  return {
    child: (data) => runImageJob(data, resources),
    parent: (data, children) => runSummaryJob(data, children.failures),
  };
}
