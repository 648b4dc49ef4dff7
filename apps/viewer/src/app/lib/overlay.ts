import type { BinaryMask, LabelMap } from './png.js';
import { categoricalColour } from './palette.js';

export interface LabelCount {
  label: number;
  count: number;
}

/** Distinct labels in ascending order with their pixel counts. */
export function labelCounts(map: LabelMap): LabelCount[] {
  const counts = new Map<number, number>();
  for (const v of map.data) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => a[0] - b[0]).map(([label, count]) => ({ label, count }));
}

/** Colour per label: the i-th smallest label gets categorical colour i. */
export function colourTable(labels: readonly number[]): Map<number, [number, number, number]> {
  const sorted = [...labels].sort((a, b) => a - b);
  return new Map(sorted.map((l, i) => [l, categoricalColour(i)]));
}

/**
 * 1 where a pixel lies on a region's edge: some 4-neighbour inside the image has a
 * different label. The image border itself is not an edge.
 */
export function boundaryMask(map: LabelMap): Uint8Array {
  const { width: w, height: h, data } = map;
  const out = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      const v = data[i];
      if (
        (x > 0 && data[i - 1] !== v) ||
        (x < w - 1 && data[i + 1] !== v) ||
        (y > 0 && data[i - w] !== v) ||
        (y < h - 1 && data[i + w] !== v)
      ) {
        out[i] = 1;
      }
    }
  }
  return out;
}

export type OverlayMode = 'fill' | 'outline';

export interface OverlayOptions {
  colours: Map<number, readonly [number, number, number]>;
  /** Labels not drawn. */
  hidden?: ReadonlySet<number>;
  mode: OverlayMode;
  /** 0..1, baked into the alpha channel. */
  opacity: number;
}

/** RGBA pixels (width×height×4) of a label map overlay; hidden labels and, in outline mode, region interiors stay transparent. */
export function renderOverlay(map: LabelMap, opts: OverlayOptions): Uint8ClampedArray {
  const n = map.width * map.height;
  const out = new Uint8ClampedArray(n * 4);
  const alpha = Math.round(Math.min(1, Math.max(0, opts.opacity)) * 255);
  const edge = opts.mode === 'outline' ? boundaryMask(map) : null;
  for (let i = 0; i < n; i++) {
    const label = map.data[i];
    if (opts.hidden?.has(label)) continue;
    if (edge && !edge[i]) continue;
    const c = opts.colours.get(label);
    if (!c) continue;
    out[i * 4] = c[0];
    out[i * 4 + 1] = c[1];
    out[i * 4 + 2] = c[2];
    out[i * 4 + 3] = alpha;
  }
  return out;
}

/** RGBA pixels highlighting a selected mask: its edge opaque in `colour`, its interior lightly tinted. */
export function renderSelection(
  mask: BinaryMask,
  colour: readonly [number, number, number] = [255, 255, 0],
): Uint8ClampedArray {
  const asMap: LabelMap = { width: mask.width, height: mask.height, data: Int32Array.from(mask.data) };
  const edge = boundaryMask(asMap);
  const out = new Uint8ClampedArray(mask.data.length * 4);
  for (let i = 0; i < mask.data.length; i++) {
    if (!mask.data[i]) continue;
    out[i * 4] = colour[0];
    out[i * 4 + 1] = colour[1];
    out[i * 4 + 2] = colour[2];
    out[i * 4 + 3] = edge[i] ? 255 : 60;
  }
  return out;
}
