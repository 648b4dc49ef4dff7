import { h, fmt } from '../dom.js';
import { diceByImage, diceColumns, sortImages, type SortDirection } from '../lib/metrics-table.js';
import { galleryRows } from '../native/gallery-rows.js';
import type { AppState } from '../state.js';
import { thumbnail } from './thumbnail.js';

const prefs = { sortKey: 'name', sortDir: 'asc' as SortDirection, method: '', protocol: '' };

/** Background tint for a Dice value: red (0) → green (1). */
const diceTint = (d: number) => (Number.isFinite(d) ? `background: hsl(${Math.round(d * 120)} 70% 88%)` : '');

/** Every image with its thumbnail overlay and per-image Dice by method × protocol, sortable by any column. */
export function renderGallery(state: AppState, root: HTMLElement): void {
  const { listing } = state;
  if (!prefs.method) prefs.method = listing.methods.find((m) => m.includes('spectral')) ?? listing.methods[0] ?? '';
  const allColumns = diceColumns(state.metrics);
  const protocols = [...new Set(allColumns.map((c) => c.protocol))].sort();
  if (prefs.protocol && !protocols.includes(prefs.protocol)) prefs.protocol = '';
  let columns = allColumns;
  const dice = diceByImage(state.metrics);

  const methodSelect = h(
    'select',
    { id: 'thumb-method', onchange: (e) => ((prefs.method = (e.target as HTMLSelectElement).value), redraw()) },
    h('option', { value: '' }, 'none'),
    ...listing.methods.map((m) => h('option', { value: m, selected: m === prefs.method }, m)),
  );
  const protocolSelect = h(
    'select',
    { id: 'protocol-filter', onchange: (e) => ((prefs.protocol = (e.target as HTMLSelectElement).value), redraw()) },
    h('option', { value: '' }, 'all'),
    ...protocols.map((p) => h('option', { value: p, selected: p === prefs.protocol }, p)),
  );
  const table = h('table', { class: 'gallery', id: 'gallery' });
  const redraw = () => {
    columns = allColumns.filter((c) => !prefs.protocol || c.protocol === prefs.protocol);
    const header = (key: string, label: string, title = '') => {
      const arrow = prefs.sortKey === key ? (prefs.sortDir === 'asc' ? ' ▲' : ' ▼') : '';
      return h(
        'th',
        {
          class: 'sortable',
          'data-key': key,
          title: title || `sort by ${label}`,
          onclick: () => {
            if (prefs.sortKey === key) prefs.sortDir = prefs.sortDir === 'asc' ? 'desc' : 'asc';
            else [prefs.sortKey, prefs.sortDir] = [key, 'asc']; // Dice ascending: worst first
            redraw();
          },
        },
        label + arrow,
      );
    };
    const rows = galleryRows(listing, state.native);
    const order = sortImages(
      rows.map((i) => i.name),
      dice,
      prefs.sortKey,
      prefs.sortDir,
    );
    const byName = new Map(rows.map((i) => [i.name, i]));
    table.replaceChildren(
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', {}, 'overlay'),
          header('name', 'image'),
          ...columns.map((c) =>
            header(c.key, `${c.method} (${c.protocol})`, `Dice, ${c.method}, protocol ${c.protocol}`),
          ),
        ),
      ),
      h(
        'tbody',
        {},
        ...order.map((name) => {
          const entry = byName.get(name)!;
          const href = entry.href;
          return h(
            'tr',
            { 'data-image': name },
            h('td', {}, entry.thumb ? h('a', { href }, thumbnail(entry.thumb, prefs.method)) : ''),
            h(
              'td',
              {},
              h('a', { href }, name),
              entry.note ? h('span', { class: 'muted' }, ` ${entry.note}`) : '',
              entry.mask ? '' : h('span', { class: 'muted' }, ' (no mask)'),
            ),
            ...columns.map((c) => {
              const d = dice.get(name)?.get(c.key) ?? Number.NaN;
              return h('td', { class: 'num', style: diceTint(d) }, fmt(d));
            }),
          );
        }),
      ),
    );
  };
  redraw();
  root.append(
    h('h1', {}, `Gallery — ${galleryRows(listing, state.native).length} images`),
    h(
      'p',
      { class: 'controls' },
      h('label', {}, 'Thumbnail overlay ', methodSelect),
      protocols.length > 1 ? h('label', {}, ' Protocol ', protocolSelect) : '',
      allColumns.length
        ? h(
            'span',
            { class: 'muted' },
            ' Click a column header to sort by Dice (click again to reverse); click an image to open it.',
          )
        : h(
            'span',
            { class: 'muted' },
            state.metricsError
              ? ` metrics.csv could not be read: ${state.metricsError}`
              : ' No metrics.csv in this run (no ground-truth masks?).',
          ),
    ),
    state.nativeError
      ? h(
          'p',
          { class: 'error' },
          `Native-grid files could not be read (${state.nativeError}); showing the 128² images.`,
        )
      : '',
    table,
  );
}
