import { runPaths } from '@cuts/run-folder';
import { loadImage, loadLabels, runFile } from '../api.js';
import { h } from '../dom.js';
import { colourTable, labelCounts, renderOverlay } from '../lib/overlay.js';
import type { RunImageEntry } from '../../server/run-listing.js';

/** The image with `method`'s label map drawn as outlines (or the image alone when method is ''). */
export function thumbnail(entry: RunImageEntry, method: string, size = 96): HTMLCanvasElement {
  const canvas = h('canvas', { width: 128, height: 128, class: 'thumb', style: `width:${size}px;height:${size}px` });
  void (async () => {
    const ctx = canvas.getContext('2d')!;
    try {
      if (entry.image) {
        const img = await loadImage(runFile(runPaths.image(entry.name)));
        canvas.width = img.naturalWidth;
        canvas.height = img.naturalHeight;
        ctx.drawImage(img, 0, 0);
      }
      if (method && entry.methods.includes(method)) {
        const map = await loadLabels(runFile(runPaths.labels(method, entry.name)));
        if (!entry.image) {
          canvas.width = map.width;
          canvas.height = map.height;
        }
        const colours = colourTable(labelCounts(map).map((c) => c.label));
        const layer = document.createElement('canvas');
        layer.width = map.width;
        layer.height = map.height;
        const img = new ImageData(map.width, map.height);
        img.data.set(renderOverlay(map, { colours, mode: 'outline', opacity: 1 }));
        layer.getContext('2d')!.putImageData(img, 0, 0);
        ctx.imageSmoothingEnabled = false;
        ctx.drawImage(layer, 0, 0, canvas.width, canvas.height);
      }
    } catch (e) {
      canvas.title = e instanceof Error ? e.message : String(e);
      canvas.classList.add('broken');
    }
  })();
  return canvas;
}
