import { h } from '../dom.js';
import type { LabelCount } from '../lib/overlay.js';
import { cssColour } from '../lib/palette.js';

export interface ColourTableProps {
  counts: LabelCount[];
  colours: Map<number, readonly [number, number, number]>;
  hidden: Set<number>;
  total: number;
  onChange: () => void;
}

/** Legend of the current label map: swatch, label, area, and a show/hide checkbox per label. */
export function colourTable({ counts, colours, hidden, total, onChange }: ColourTableProps): HTMLElement {
  const setAll = (hide: boolean) => {
    hidden.clear();
    if (hide) for (const c of counts) hidden.add(c.label);
    for (const box of root.querySelectorAll<HTMLInputElement>('input.label-toggle')) box.checked = !hide;
    onChange();
  };
  const rows = counts.map((c) =>
    h(
      'tr',
      { 'data-label': c.label },
      h(
        'td',
        {},
        h('input', {
          type: 'checkbox',
          class: 'label-toggle',
          'data-label': c.label,
          checked: !hidden.has(c.label),
          title: `show/hide label ${c.label}`,
          onchange: (e) => {
            if ((e.target as HTMLInputElement).checked) hidden.delete(c.label);
            else hidden.add(c.label);
            onChange();
          },
        }),
      ),
      h('td', {}, h('span', { class: 'swatch', style: `background:${cssColour(colours.get(c.label) ?? [0, 0, 0])}` })),
      h('td', { class: 'num' }, c.label),
      h('td', { class: 'num' }, c.count),
      h('td', { class: 'num' }, `${((100 * c.count) / total).toFixed(1)}%`),
    ),
  );
  const root = h(
    'div',
    { class: 'colour-table' },
    h(
      'p',
      {},
      `${counts.length} labels `,
      h('button', { type: 'button', onclick: () => setAll(false) }, 'show all'),
      ' ',
      h('button', { type: 'button', onclick: () => setAll(true) }, 'hide all'),
    ),
    h(
      'div',
      { class: 'scroll' },
      h(
        'table',
        { id: 'colour-table' },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            h('th', {}, 'show'),
            h('th', {}),
            h('th', {}, 'label'),
            h('th', {}, 'pixels'),
            h('th', {}, 'area'),
          ),
        ),
        h('tbody', {}, ...rows),
      ),
    ),
  );
  return root;
}
