/** Gallery rows when a run has native/index.json: one row per source image or volume, slices folded into their volume. */
import type { RunImageEntry, RunListing } from '../../server/run-listing.js';
import { sliceOwners, type NativeIndex } from './contract.js';

export interface GalleryRow {
  /** Item id: links, metrics.csv `image` column. */
  name: string;
  /** The 128² entry whose PNGs draw the thumbnail (a volume's middle slice), if any. */
  thumb: RunImageEntry | null;
  mask: boolean;
  /** e.g. "volume 256×256×20" for volumes. */
  note: string;
  /** Route of the row's page: the native view for items of native/index.json, else the 128² view. */
  href: string;
}

export function galleryRows(listing: RunListing, native: NativeIndex | undefined): GalleryRow[] {
  const byName = new Map(listing.images.map((e) => [e.name, e]));
  const model = (name: string) => `#/image/${encodeURIComponent(name)}`;
  if (!native)
    return listing.images.map((e) => ({ name: e.name, thumb: e, mask: e.mask, note: '', href: model(e.name) }));
  const owners = sliceOwners(native);
  const rows: GalleryRow[] = [];
  for (const [id, it] of Object.entries(native.items)) {
    const slices = it.slices ?? [];
    const thumb =
      it.kind === 'volume' ? (byName.get(slices[Math.floor(slices.length / 2)]) ?? null) : (byName.get(id) ?? null);
    rows.push({
      name: id,
      thumb,
      mask: it.hasMask,
      note: it.kind === 'volume' ? `volume ${it.dims.join('×')}` : `${it.dims.join('×')}`,
      href: `#/native/${encodeURIComponent(id)}`,
    });
  }
  const seen = new Set(rows.map((r) => r.name));
  for (const e of listing.images)
    if (!seen.has(e.name) && !owners.has(e.name))
      rows.push({ name: e.name, thumb: e, mask: e.mask, note: '', href: model(e.name) });
  return rows;
}
