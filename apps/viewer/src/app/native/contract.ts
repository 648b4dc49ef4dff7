/**
 * The run-folder contract for native grids (issue 17): `native/index.json` and
 * `labels_native/diffusion_levels/index.json`, validated, plus the file paths the viewer reads.
 * Runs written before the contract have neither file: the viewer then shows the 128² PNGs.
 */
import { parseNativeLevelsIndex, pathSegments, runPaths } from '@cuts/run-folder';

export interface NativeItem {
  kind: 'image2d' | 'volume';
  format: 'png' | 'nifti' | 'dicom';
  ext: '.png' | '.nii.gz';
  dims: number[];
  spacing: number[] | null;
  units: 'mm' | 'px';
  channels: 1 | 3;
  sliceAxis?: 'axial' | 'coronal' | 'sagittal';
  slices?: string[];
  hasMask: boolean;
}

export interface NativeIndex {
  schema: 1;
  items: Record<string, NativeItem>;
}

const fail = (msg: string): never => {
  throw new Error(`native/index.json: ${msg}`);
};

/** Checks native/index.json (schema 1); names the item and field that is wrong. */
export function parseNativeIndex(json: unknown): NativeIndex {
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    return fail('expected an object {"schema": 1, "items": {...}}');
  const o = json as Record<string, unknown>;
  if (o.schema !== 1) return fail(`schema ${JSON.stringify(o.schema)} is not supported (this viewer reads schema 1)`);
  if (typeof o.items !== 'object' || o.items === null || Array.isArray(o.items))
    return fail('"items" must be an object');
  const items: Record<string, NativeItem> = {};
  for (const [id, raw] of Object.entries(o.items as Record<string, unknown>)) {
    const it = raw as Partial<NativeItem>;
    const where = `item "${id}"`;
    if (typeof it !== 'object' || it === null) fail(`${where}: expected an object`);
    if (it.kind !== 'image2d' && it.kind !== 'volume') fail(`${where}: "kind" must be "image2d" or "volume"`);
    if (it.ext !== '.png' && it.ext !== '.nii.gz') fail(`${where}: "ext" must be ".png" or ".nii.gz"`);
    const rank = it.kind === 'volume' ? 3 : 2;
    if (!Array.isArray(it.dims) || it.dims.length !== rank || !it.dims.every((d) => Number.isInteger(d) && d > 0))
      fail(`${where}: "dims" must be ${rank} positive integers`);
    if (
      it.spacing !== null &&
      it.spacing !== undefined &&
      (!Array.isArray(it.spacing) ||
        it.spacing.length !== rank ||
        !it.spacing.every((s) => typeof s === 'number' && s > 0))
    ) {
      fail(`${where}: "spacing" must be ${rank} positive numbers or null`);
    }
    if (
      it.kind === 'volume' &&
      it.slices !== undefined &&
      (!Array.isArray(it.slices) || !it.slices.every((s) => typeof s === 'string'))
    )
      fail(`${where}: "slices" must be an array of ids`);
    items[id] = {
      kind: it.kind!,
      format: it.format ?? (it.ext === '.png' ? 'png' : 'nifti'),
      ext: it.ext!,
      dims: it.dims!,
      spacing: it.spacing ?? null,
      units: it.units === 'mm' || it.units === 'px' ? it.units : it.spacing ? 'mm' : 'px',
      channels: it.channels === 3 ? 3 : 1,
      ...(it.sliceAxis ? { sliceAxis: it.sliceAxis } : {}),
      ...(it.slices ? { slices: it.slices } : {}),
      hasMask: it.hasMask === true,
    };
  }
  return { schema: 1, items };
}

/** labels_native/diffusion_levels/index.json: `{"<id>": L}` (levels 0 … L−1, coarse → fine); the run-folder contract's parser. */
export const parseNativeLevels = (json: unknown): Record<string, number> => parseNativeLevelsIndex(json);

/** Slice id → the volume it belongs to (`V__s007` → `V`), from the index's `slices` lists. */
export function sliceOwners(index: NativeIndex): Map<string, string> {
  const owners = new Map<string, string>();
  for (const [id, it] of Object.entries(index.items)) for (const s of it.slices ?? []) owners.set(s, id);
  return owners;
}

/** Paths inside the run folder (segments, for runFileUrl) of one item's native files. */
export const nativePaths = {
  image: (id: string, it: NativeItem) => pathSegments(runPaths.nativeImage(id, it.ext)),
  mask: (id: string, it: NativeItem) => pathSegments(runPaths.nativeMask(id, it.ext)),
  labels: (id: string, it: NativeItem, method: string) => pathSegments(runPaths.nativeLabels(method, id, it.ext)),
  level: (id: string, it: NativeItem, k: number) => pathSegments(runPaths.nativeLevel(id, k, it.ext)),
};
