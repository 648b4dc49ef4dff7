type Child = Node | string | number | null | undefined | false;
type Attrs = Record<string, string | number | boolean | ((ev: Event) => void) | undefined>;

/** Creates an element: attributes (on* keys become listeners, booleans toggle) and children. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    if (typeof v === 'function') el.addEventListener(k.slice(2).toLowerCase(), v);
    else if (v === true) el.setAttribute(k, '');
    else el.setAttribute(k, String(v));
  }
  for (const c of children)
    if (c !== null && c !== undefined && c !== false) el.append(typeof c === 'number' ? String(c) : c);
  return el;
}

/** A canvas of the given pixel size whose CSS size may differ (pixels stay crisp). */
export function pixelCanvas(width: number, height: number, className = ''): HTMLCanvasElement {
  const c = h('canvas', { width, height, class: className });
  return c;
}

/** Writes RGBA pixels into a canvas of the same size. */
export function putPixels(canvas: HTMLCanvasElement, rgba: Uint8ClampedArray): void {
  const ctx = canvas.getContext('2d')!;
  const img = new ImageData(canvas.width, canvas.height);
  img.data.set(rgba);
  ctx.putImageData(img, 0, 0);
}

export const fmt = (v: number | undefined, digits = 3): string =>
  v === undefined || !Number.isFinite(v) ? '–' : v.toFixed(digits);
