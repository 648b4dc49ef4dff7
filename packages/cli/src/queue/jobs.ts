/**
 * What a queued segmentation batch carries: one image job per image, one
 * summary job per batch, and the per-image marker (`<out>/queue/done/<id>.json`)
 * written last by an image job, so a job whose marker exists is skipped.
 */
import path from 'node:path';
import type { ClusterMethod } from '@cuts/cluster';
import type { DatasetEntry } from '@cuts/data';
import type { Summary } from '@cuts/eval';
import { RUN_DIRS } from '@cuts/run-folder';
import type { RunDir } from '../run-dir.js';

export interface ImageJobData {
  /** Absolute output run folder (shared storage). */
  readonly out: string;
  /** Absolute folder of the trained run whose model/ is applied. */
  readonly model: string;
  readonly entry: DatasetEntry;
  readonly methods?: readonly ClusterMethod[];
  readonly keepEmbeddings: boolean;
}

export interface SummaryJobData {
  readonly out: string;
  readonly dataDir: string;
  readonly entries: readonly DatasetEntry[];
}

export interface ImageMarker {
  readonly id: string;
  /** Diffusion levels written, coarse → fine (the run's labels/diffusion_levels/index.json entry). */
  readonly levels?: number[];
  readonly seconds: { readonly embed: number; readonly cluster: number };
}

export interface ImageJobResult {
  readonly id: string;
  /** True when the image's outputs were already there. */
  readonly skipped: boolean;
}

export interface BatchResult {
  readonly images: number;
  readonly done: number;
  readonly failed: readonly { readonly id: string; readonly reason: string }[];
  readonly summary?: Summary;
}

export interface BatchFile {
  readonly batchId: string;
  readonly queue: string;
  readonly images: number;
  readonly submittedAt: string;
}

export const queueDir = (runDir: RunDir): string => runDir.at(RUN_DIRS.queue);
export const markerFile = (runDir: RunDir, id: string): string => path.join(queueDir(runDir), 'done', `${id}.json`);
export const batchFile = (runDir: RunDir): string => path.join(queueDir(runDir), 'batch.json');
export const failedFile = (runDir: RunDir): string => path.join(queueDir(runDir), 'failed.json');
