/**
 * Overlay pictures for the report: a label map's regions in colour blended
 * over the image, and the ground-truth mask's outline in white. Pure (RGB
 * bytes in and out); the caller encodes the PNG.
 */

/** A region colour per label id: golden-angle hues, so neighbouring ids differ clearly. Label 0 too. */
export function labelColour(label: number): [number, number, number] {
  const h = ((label * 137.508) % 360) / 60;
  const s = 0.75;
  const v = 0.95;
  const c = v * s;
  const x = c * (1 - Math.abs((h % 2) - 1));
  const [r, g, b] =
    h < 1 ? [c, x, 0] : h < 2 ? [x, c, 0] : h < 3 ? [0, c, x] : h < 4 ? [0, x, c] : h < 5 ? [x, 0, c] : [c, 0, x];
  const m = v - c;
  return [Math.round((r + m) * 255), Math.round((g + m) * 255), Math.round((b + m) * 255)];
}

/** What `renderOverlay` draws: the image, its label map and an optional mask outline. */
export interface OverlayInput {
  readonly width: number;
  readonly height: number;
  /** The image as 8-bit RGB (3 values a pixel) or grey (1). */
  readonly image: Uint8Array;
  readonly channels: 1 | 3;
  /** Label ids, one a pixel. */
  readonly labels: ArrayLike<number>;
  /** Ground truth (non-zero = foreground), one a pixel; its outline is drawn. */
  readonly mask?: ArrayLike<number>;
  /** Weight of the region colour (default 0.45). */
  readonly alpha?: number;
}

/** RGB bytes (width × height × 3) of the overlay. */
export function renderOverlay(input: OverlayInput): Uint8Array {
  const { width: w, height: h, image, channels, labels, mask } = input;
  const alpha = input.alpha ?? 0.45;
  const n = w * h;
  if (image.length !== n * channels || labels.length !== n || (mask && mask.length !== n)) {
    throw new RangeError(
      `renderOverlay: sizes differ (image ${image.length / channels}, labels ${labels.length}, mask ${mask?.length ?? '–'}, expected ${n})`,
    );
  }
  const out = new Uint8Array(n * 3);
  const cache = new Map<number, [number, number, number]>();
  for (let i = 0; i < n; i++) {
    const l = labels[i];
    let col = cache.get(l);
    if (!col) cache.set(l, (col = labelColour(l)));
    for (let k = 0; k < 3; k++) {
      const v = image[channels === 3 ? i * 3 + k : i];
      out[i * 3 + k] = Math.round((1 - alpha) * v + alpha * col[k]);
    }
  }
  if (mask) {
    // Outline: foreground pixels with a 4-neighbour outside the mask (or on the border).
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const i = y * w + x;
        if (!mask[i]) continue;
        const edge =
          x === 0 ||
          y === 0 ||
          x === w - 1 ||
          y === h - 1 ||
          !mask[i - 1] ||
          !mask[i + 1] ||
          !mask[i - w] ||
          !mask[i + w];
        if (edge) out.set([255, 255, 255], i * 3);
      }
    }
  }
  return out;
}
