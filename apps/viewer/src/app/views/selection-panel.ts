import { fmt, h } from '../dom.js';
import { dice } from '../lib/dice.js';
import type { BinaryMask } from '../lib/png.js';
import { encodeMaskPng } from '../lib/png.js';
import type { Selection } from '../lib/selection.js';

let lastUrl: string | null = null;

/** Area, live Dice against the ground truth and a PNG download of the clicked cluster. */
export function selectionPanel(
  sel: Selection | null,
  gt: BinaryMask | null,
  fileStem: string,
  onClear: () => void,
): HTMLElement {
  if (lastUrl) URL.revokeObjectURL(lastUrl);
  lastUrl = null;
  if (!sel) {
    return h(
      'div',
      { id: 'sel-info', class: 'selection empty' },
      h(
        'p',
        { class: 'muted' },
        'Click the image: the cluster under the cursor at the current granularity becomes the mask.',
      ),
    );
  }
  const total = sel.mask.width * sel.mask.height;
  const png = encodeMaskPng(sel.mask);
  lastUrl = URL.createObjectURL(new Blob([png as Uint8Array<ArrayBuffer>], { type: 'image/png' }));
  const comparable = gt !== null && gt.width === sel.mask.width && gt.height === sel.mask.height;
  const d = comparable ? dice(sel.mask, gt) : Number.NaN;
  return h(
    'div',
    {
      id: 'sel-info',
      class: 'selection',
      'data-x': sel.x,
      'data-y': sel.y,
      'data-label': sel.label,
      'data-area': sel.area,
      'data-dice': comparable ? String(d) : '',
    },
    h('p', {}, `Pixel (${sel.x}, ${sel.y}) → label `, h('strong', { id: 'sel-label' }, sel.label)),
    h(
      'p',
      {},
      'Area ',
      h('strong', { id: 'sel-area' }, sel.area),
      ` px (${((100 * sel.area) / total).toFixed(1)}% of the image)`,
    ),
    comparable
      ? h('p', {}, 'Dice vs ground truth ', h('strong', { id: 'sel-dice' }, fmt(d, 4)))
      : h(
          'p',
          { class: 'muted' },
          gt
            ? `Ground truth is ${gt.width}×${gt.height}, label map ${sel.mask.width}×${sel.mask.height}: no Dice.`
            : 'No ground-truth mask for this image.',
        ),
    h(
      'p',
      {},
      h('a', { id: 'download-mask', class: 'button', href: lastUrl, download: `${fileStem}.png` }, 'Download mask PNG'),
      ' ',
      h('button', { type: 'button', onclick: onClear }, 'Clear'),
    ),
  );
}
