import { LEVELS_METHOD, runPaths } from '@cuts/run-folder';
import { loadImage, loadLabels, loadMask, runFile } from '../api.js';
import { fmt, h, putPixels } from '../dom.js';
import { orderByClusterCount, type LevelInfo } from '../lib/levels.js';
import {
  colourTable as makeColours,
  labelCounts,
  renderOverlay,
  renderSelection,
  type OverlayMode,
} from '../lib/overlay.js';
import type { BinaryMask, LabelMap } from '../lib/png.js';
import { pixelAt, selectCluster, type Selection } from '../lib/selection.js';
import { sliceOwners } from '../native/contract.js';
import type { AppState } from '../state.js';
import { colourTable } from './colour-table.js';
import { selectionPanel } from './selection-panel.js';

/** Overlay source id for the diffusion-condensation levels (driven by the granularity slider). */
export const LEVELS = LEVELS_METHOD;
const prefs = { source: '', opacity: 0.5, mode: 'fill' as OverlayMode };
const DISPLAY = 512;

/** One image: image, ground truth, reconstruction, overlay controls and click-to-segment. */
export function renderDetail(state: AppState, root: HTMLElement, name: string): void {
  const { listing } = state;
  const idx = listing.images.findIndex((i) => i.name === name);
  const entry = listing.images[idx];
  if (!entry) {
    root.append(
      h('p', { class: 'error' }, `No image "${name}" in this run. `, h('a', { href: '#/' }, 'Back to the gallery')),
    );
    return;
  }
  const sources = [...(entry.levels.length ? [LEVELS] : []), ...entry.methods];
  let source = sources.includes(prefs.source) ? prefs.source : sources.includes(LEVELS) ? LEVELS : (sources[0] ?? '');
  let levels: LevelInfo[] = [];
  let levelPos = 0;
  let map: LabelMap | null = null;
  let gt: BinaryMask | null = null;
  let click: { x: number; y: number } | null = null;
  let selection: Selection | null = null;
  const hidden = new Set<number>();
  let token = 0;

  const base = h('canvas', { id: 'base', width: 128, height: 128 });
  const overlay = h('canvas', { id: 'overlay', width: 128, height: 128 });
  const selLayer = h('canvas', { id: 'selection-layer', width: 128, height: 128 });
  const stage = h(
    'div',
    {
      id: 'stage',
      class: 'stage',
      style: `width:${DISPLAY}px;height:${DISPLAY}px`,
      title: 'click to select the cluster under the cursor',
    },
    base,
    overlay,
    selLayer,
  );
  const sourceSelect = h(
    'select',
    { id: 'source' },
    ...sources.map((s) =>
      h('option', { value: s, selected: s === source }, s === LEVELS ? 'diffusion levels (granularity slider)' : s),
    ),
  );
  const granularity = h('input', {
    id: 'granularity',
    type: 'range',
    min: 0,
    max: Math.max(0, entry.levels.length - 1),
    step: 1,
    value: 0,
  });
  const granularityLabel = h('span', { id: 'granularity-label' });
  const opacity = h('input', {
    id: 'opacity',
    type: 'range',
    min: 0,
    max: 100,
    step: 1,
    value: Math.round(prefs.opacity * 100),
  });
  const opacityLabel = h('span', { id: 'opacity-value' }, `${Math.round(prefs.opacity * 100)}%`);
  const modeRadio = (m: OverlayMode) =>
    h(
      'label',
      {},
      h('input', { type: 'radio', name: 'mode', id: `mode-${m}`, value: m, checked: prefs.mode === m }),
      ` ${m} `,
    );
  const legend = h('div', { id: 'legend' });
  const selBox = h(
    'div',
    {},
    selectionPanel(null, null, '', () => undefined),
  );

  const fileStem = () =>
    `${entry.name}_${source === LEVELS ? `level${levels[levelPos]?.level}` : source}_label${selection?.label}`;
  const drawOverlay = () => {
    if (!map) return;
    const colours = makeColours(labelCounts(map).map((c) => c.label));
    putPixels(overlay, renderOverlay(map, { colours, hidden, mode: prefs.mode, opacity: prefs.opacity }));
    return colours;
  };
  const refreshSelection = () => {
    selection = map && click ? selectCluster(map, click.x, click.y) : null;
    const ctx = selLayer.getContext('2d')!;
    ctx.clearRect(0, 0, selLayer.width, selLayer.height);
    if (selection) putPixels(selLayer, renderSelection(selection.mask));
    selBox.replaceChildren(
      selectionPanel(selection, gt, fileStem(), () => {
        click = null;
        refreshSelection();
      }),
    );
  };
  const redrawAll = () => {
    const colours = drawOverlay();
    if (map && colours)
      legend.replaceChildren(
        colourTable({ counts: labelCounts(map), colours, hidden, total: map.data.length, onChange: drawOverlay }),
      );
    refreshSelection();
  };
  const currentUrl = () =>
    runFile(
      source === LEVELS ? runPaths.level(entry.name, levels[levelPos].level) : runPaths.labels(source, entry.name),
    );
  const update = async () => {
    const my = ++token;
    const isLevels = source === LEVELS;
    granularity.disabled = !isLevels;
    granularityLabel.textContent =
      isLevels && levels.length
        ? `level ${levelPos + 1} of ${levels.length} (index ${levels[levelPos].level}, ${levels[levelPos].clusters} clusters)`
        : 'only for diffusion levels';
    if (!source) return;
    const next = await loadLabels(currentUrl());
    if (my !== token) return;
    for (const c of [overlay, selLayer]) [c.width, c.height] = [next.width, next.height];
    map = next;
    hidden.clear();
    stage.dataset.ready = `${source}:${isLevels ? levels[levelPos].level : ''}`;
    redrawAll();
  };

  sourceSelect.addEventListener('change', () => {
    source = prefs.source = sourceSelect.value;
    void update();
  });
  granularity.addEventListener('input', () => {
    levelPos = Number(granularity.value);
    void update();
  });
  opacity.addEventListener('input', () => {
    prefs.opacity = Number(opacity.value) / 100;
    opacityLabel.textContent = `${opacity.value}%`;
    drawOverlay();
  });
  stage.addEventListener('click', (ev) => {
    if (!map) return;
    const r = stage.getBoundingClientRect();
    click = pixelAt(ev.clientX - r.left, ev.clientY - r.top, r.width, r.height, map.width, map.height);
    refreshSelection();
  });

  const panel = (title: string, file: string | null, id: string) =>
    h(
      'figure',
      { class: 'panel' },
      file ? h('img', { id, src: file, alt: title }) : h('div', { class: 'missing' }, 'not in this run'),
      h('figcaption', {}, title),
    );
  const rows = state.metrics.filter((r) => r.image === entry.name);
  const prev = listing.images[(idx - 1 + listing.images.length) % listing.images.length].name;
  const next = listing.images[(idx + 1) % listing.images.length].name;
  const modes = h('span', { id: 'mode' }, modeRadio('fill'), modeRadio('outline'));
  modes.addEventListener('change', (ev) => {
    prefs.mode = (ev.target as HTMLInputElement).value as OverlayMode;
    drawOverlay();
  });

  const nativeId = state.native?.items[entry.name]
    ? entry.name
    : state.native
      ? sliceOwners(state.native).get(entry.name)
      : undefined;
  root.append(
    h(
      'p',
      { class: 'crumbs' },
      h('a', { href: '#/' }, '← gallery'),
      ' · ',
      h('a', { href: `#/image/${encodeURIComponent(prev)}` }, '‹ previous'),
      ' · ',
      h('a', { href: `#/image/${encodeURIComponent(next)}` }, 'next ›'),
      ...(nativeId
        ? [
            ' · ',
            h(
              'a',
              { href: `#/native/${encodeURIComponent(nativeId)}`, id: 'native-view-link' },
              nativeId === entry.name ? 'native grid' : `volume ${nativeId}`,
            ),
          ]
        : []),
    ),
    h('h1', {}, entry.name),
    h(
      'div',
      { class: 'detail' },
      stage,
      h(
        'div',
        { class: 'side' },
        h('h2', {}, 'Overlay'),
        h('p', {}, h('label', {}, 'Label map ', sourceSelect)),
        h('p', {}, h('label', {}, 'Granularity (coarse → fine) ', granularity), h('br'), granularityLabel),
        h('p', {}, h('label', {}, 'Opacity ', opacity), ' ', opacityLabel),
        h('p', {}, 'Draw ', modes),
        legend,
        h('h2', {}, 'Click-to-segment'),
        selBox,
      ),
    ),
    h(
      'div',
      { class: 'panels' },
      panel('image', entry.image ? runFile(runPaths.image(entry.name)) : null, 'img-image'),
      panel('ground truth', entry.mask ? runFile(runPaths.mask(entry.name)) : null, 'img-mask'),
      panel('reconstruction', entry.recon ? runFile(runPaths.recon(entry.name)) : null, 'img-recon'),
    ),
    rows.length
      ? h(
          'table',
          { class: 'metrics', id: 'image-metrics' },
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              ...['method', 'protocol', 'dice', 'iou', 'hd', 'hd95', 'ssim', 'clusters'].map((c) => h('th', {}, c)),
            ),
          ),
          h(
            'tbody',
            {},
            ...rows.map((r) =>
              h(
                'tr',
                {},
                h('td', {}, r.method),
                h('td', {}, r.protocol),
                ...[r.dice, r.iou, r.hd, r.hd95, r.ssim].map((v) => h('td', { class: 'num' }, fmt(v))),
                h('td', { class: 'num' }, fmt(r.clusters, 0)),
              ),
            ),
          ),
        )
      : h('p', { class: 'muted' }, 'No per-image metrics for this image.'),
  );

  if (sources.length === 0) legend.replaceChildren(h('p', { class: 'muted' }, 'No label maps for this image.'));

  void (async () => {
    try {
      const [img, mask, levelMaps] = await Promise.all([
        // no model-input image in the run: show the reconstruction underneath instead
        entry.image || entry.recon
          ? loadImage(runFile(entry.image ? runPaths.image(entry.name) : runPaths.recon(entry.name)))
          : Promise.resolve(null),
        entry.mask ? loadMask(runFile(runPaths.mask(entry.name))) : Promise.resolve(null),
        Promise.all(entry.levels.map((l) => loadLabels(runFile(runPaths.level(entry.name, l))))),
      ]);
      if (img) {
        [base.width, base.height] = [img.naturalWidth, img.naturalHeight];
        base.getContext('2d')!.drawImage(img, 0, 0);
      }
      gt = mask;
      const infos = entry.levels.map((level, i) => ({ level, clusters: labelCounts(levelMaps[i]).length }));
      levels = listing.levelOrder === 'index.json' ? infos : orderByClusterCount(infos);
      levelPos = Math.floor((levels.length - 1) / 2);
      granularity.value = String(levelPos);
      await update();
    } catch (e) {
      root.append(
        h('p', { class: 'error' }, `Could not load ${entry.name}: ${e instanceof Error ? e.message : String(e)}`),
      );
    }
  })();
}
