/**
 * Splitting a packed window batch by images for data-parallel training: the
 * rows of image b are b·rowsPerImage … (b+1)·rowsPerImage−1 and its targets
 * b·S … (b+1)·S−1, so each shard is a contiguous slice (no copy).
 */
import type { WindowBatch } from '@cuts/data';

/** Images per shard: as even as possible, the larger shards first; never an empty shard. */
export function shardSizes(images: number, shards: number): number[] {
  const k = Math.max(1, Math.min(shards, images));
  return Array.from({ length: k }, (_, i) => Math.floor(images / k) + (i < images % k ? 1 : 0));
}

export function splitWindowBatch(batch: WindowBatch, shards: number): WindowBatch[] {
  const rowFloats = batch.side * batch.side * batch.channels;
  const targetsPerImage = batch.targets.length / batch.images;
  const out: WindowBatch[] = [];
  let first = 0;
  for (const n of shardSizes(batch.images, shards)) {
    const rows = n * batch.rowsPerImage;
    const row0 = first * batch.rowsPerImage;
    const pairs = batch.rowsPerImage * batch.rowsPerImage;
    out.push({
      windows: batch.windows.subarray(row0 * rowFloats, (row0 + rows) * rowFloats),
      count: rows,
      side: batch.side,
      channels: batch.channels,
      images: n,
      rowsPerImage: batch.rowsPerImage,
      groups: batch.groups,
      targets: batch.targets.subarray(first * targetsPerImage, (first + n) * targetsPerImage),
      duplicates: batch.duplicates?.subarray(first * pairs, (first + n) * pairs),
    });
    first += n;
  }
  return out;
}
