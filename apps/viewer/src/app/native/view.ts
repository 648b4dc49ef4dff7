/**
 * One image or volume on its native grid (NiiVue): label maps as a coloured layer, the ground
 * truth as an outline, hover read-out, click-to-segment with live Dice and export, shortcuts.
 */
import { fmt, h } from '../dom.js';
import type { AppState } from '../state.js';
import { colourTable } from '../views/colour-table.js';
import { nativePaths, type NativeItem } from './contract.js';
import { LEVELS, nativeControls, shortcutHelp } from './controls.js';
import { loadImage, loadLabels, loadMask } from './data.js';
import { keyAction, type KeyAction } from './keyboard.js';
import { annotationLayer, labelLayer, PLANE_NORMAL, type NormalAxis } from './layers.js';
import { formatReadout } from './readout.js';
import { idCounts, lineageColours, rankColours, type Rgb } from './region-colours.js';
import { nativeSelectionPanel } from './selection-panel.js';
import { selectRegion, type RegionSelection } from './selection.js';
import type { Stage, ViewPlane } from './stage.js';
import { valueAt, voxelAxisAlong, type Vec3, type Volume } from './volume.js';

const prefs = { source: '', opacity: 0.5, mode: 'fill' as 'fill' | 'outline', groundTruth: true };
let teardown: (() => void) | null = null;

/** Frees the previous native view (NiiVue context, key listener); called on every route change. */
export function disposeNative(): void {
  teardown?.();
  teardown = null;
}

const errText = (e: unknown) => (e instanceof Error ? e.message : String(e));

export function renderNative(state: AppState, root: HTMLElement, id: string): void {
  disposeNative();
  const item: NativeItem = state.native!.items[id];
  const ids = Object.keys(state.native!.items);
  const pos = ids.indexOf(id);
  const neighbour = (d: number) => ids[(pos + d + ids.length) % ids.length];
  const is3d = item.kind === 'volume';
  const levelCount = state.nativeLevels?.[id] ?? 0;
  const sources = [...(levelCount > 0 ? [LEVELS] : []), ...(state.listing.native?.labels[id] ?? [])];
  let source = sources.includes(prefs.source) ? prefs.source : (sources[0] ?? '');
  let levelPos = Math.floor((levelCount - 1) / 2);
  let plane: ViewPlane = 'axial';
  let image: Volume | null = null;
  let gt: Uint8Array | null = null;
  let labels: ArrayLike<number> | null = null;
  let colours = new Map<number, Rgb>();
  let levelColours: Map<number, Rgb>[] = [];
  let selection: RegionSelection | null = null;
  const hidden = new Set<number>();
  let stage: Stage | null = null;
  let token = 0;

  const controls = nativeControls(sources, source, levelCount, prefs.opacity, prefs.mode, prefs.groundTruth, is3d);
  const canvas = h('canvas', { id: 'niivue', width: 640, height: 640 });
  const viewer = h(
    'div',
    { id: 'nstage', class: 'nstage', title: 'click: select the region under the cursor' },
    canvas,
  );
  const readout = h('p', { id: 'readout', class: 'readout muted' }, 'Move the pointer over the image.');
  const legend = h('div', { id: 'nlegend' });
  const selBox = h(
    'div',
    {},
    nativeSelectionPanel(null, { dims: [1, 1, 1] } as Volume, null, '', () => undefined),
  );
  const status = h('p', { class: 'muted', id: 'nstatus' }, 'Loading…');

  const normal = (): NormalAxis => (image ? voxelAxisAlong(image.affine, PLANE_NORMAL[plane]) : 2);
  const fileStem = () => `${id}_${source === LEVELS ? `level${levelPos}` : source}_region${selection?.label}`;
  const drawLayers = async () => {
    if (!stage || !image) return;
    const lab = labels ? labelLayer(labels, image.dims, { colours, hidden, mode: prefs.mode, normal: normal() }) : null;
    const ann =
      (prefs.groundTruth && gt) || selection
        ? annotationLayer(image.dims, normal(), prefs.groundTruth ? gt : null, selection?.mask ?? null)
        : null;
    await stage.setLayers(lab, ann);
    viewer.dataset.layers = String(++layersDrawn);
  };
  let layersDrawn = 0;
  const refreshLegend = () => {
    if (!labels || !image)
      return legend.replaceChildren(h('p', { class: 'muted' }, 'No label maps on the native grid for this image.'));
    const counts = [...idCounts(labels).entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([label, count]) => ({ label, count }));
    legend.replaceChildren(
      colourTable({ counts, colours, hidden, total: labels.length, onChange: () => void drawLayers() }),
    );
  };
  const refreshSelection = () => {
    selBox.replaceChildren(
      nativeSelectionPanel(selection, image!, gt, fileStem(), () => {
        selection = null;
        refreshSelection();
        void drawLayers();
      }),
    );
  };
  const select = (voxel: Vec3 | null) => {
    selection = voxel && labels && image ? selectRegion(labels, image, voxel) : null;
    refreshSelection();
    void drawLayers();
  };
  const loadSource = async () => {
    const my = ++token;
    controls.granularity.disabled = source !== LEVELS;
    controls.granularityLabel.textContent =
      source === LEVELS ? `level ${levelPos + 1} of ${levelCount} (coarse → fine)` : 'only for diffusion levels';
    if (!image || !source) return;
    const segs = source === LEVELS ? nativePaths.level(id, item, levelPos) : nativePaths.labels(id, item, source);
    const next = await loadLabels(segs, item, image);
    if (my !== token) return;
    labels = next;
    if (source === LEVELS) {
      if (levelColours.length === 0) {
        const all = await Promise.all(
          Array.from({ length: levelCount }, (_, k) => loadLabels(nativePaths.level(id, item, k), item, image!)),
        );
        levelColours = lineageColours(all);
      }
      colours = levelColours[levelPos];
    } else colours = rankColours(next);
    if (my !== token) return;
    hidden.clear();
    refreshLegend();
    if (selection) selection = selectRegion(labels, image, selection.voxel);
    refreshSelection();
    showReadout(); // the region under the pointer may have a new id
    await drawLayers();
    viewer.dataset.ready = `${source}:${source === LEVELS ? levelPos : ''}`;
  };
  const updateSlice = () => {
    if (!stage || !image) return;
    const v = stage.crosshairVoxel();
    const ax = normal();
    controls.sliceLabel.textContent = is3d ? `slice ${v[ax] + 1} / ${image.dims[ax]}` : '';
    viewer.dataset.slice = String(v[ax]);
  };
  const setPlane = (p: ViewPlane) => {
    if (!is3d || !stage) return;
    plane = p;
    for (const b of controls.planes.querySelectorAll('button')) b.classList.toggle('active', b.dataset.plane === p);
    stage.setPlane(p);
    updateSlice();
    void drawLayers(); // outlines follow the viewing plane
  };
  const setOpacity = (o: number) => {
    prefs.opacity = Math.min(1, Math.max(0, Math.round(o * 100) / 100));
    controls.opacity.value = String(Math.round(prefs.opacity * 100));
    controls.opacityLabel.textContent = `${controls.opacity.value}%`;
    stage?.setLabelOpacity(prefs.opacity);
  };
  const setLevel = (p: number) => {
    if (source !== LEVELS || levelCount === 0) return;
    levelPos = Math.min(levelCount - 1, Math.max(0, p));
    controls.granularity.value = String(levelPos);
    void loadSource();
  };
  const showWindow = () => {
    if (!stage) return;
    const [lo, hi] = stage.getWindow();
    controls.winMin.value = String(Number(lo.toPrecision(6)));
    controls.winMax.value = String(Number(hi.toPrecision(6)));
  };
  let autoWindow: [number, number] = [0, 1];

  const actions: Record<KeyAction, () => void> = {
    'next-image': () => void (location.hash = `#/native/${encodeURIComponent(neighbour(1))}`),
    'previous-image': () => void (location.hash = `#/native/${encodeURIComponent(neighbour(-1))}`),
    finer: () => setLevel(levelPos + 1),
    coarser: () => setLevel(levelPos - 1),
    'opacity-up': () => setOpacity(prefs.opacity + 0.1),
    'opacity-down': () => setOpacity(prefs.opacity - 0.1),
    'toggle-outline': () => {
      prefs.mode = prefs.mode === 'fill' ? 'outline' : 'fill';
      (controls.mode.querySelector(`#nmode-${prefs.mode}`) as HTMLInputElement).checked = true;
      void drawLayers();
    },
    'toggle-ground-truth': () => {
      prefs.groundTruth = controls.groundTruth.checked = !prefs.groundTruth;
      void drawLayers();
    },
    'next-slice': () => (stage?.moveSlice(1, plane), updateSlice()),
    'previous-slice': () => (stage?.moveSlice(-1, plane), updateSlice()),
    axial: () => setPlane('axial'),
    coronal: () => setPlane('coronal'),
    sagittal: () => setPlane('sagittal'),
    'zoom-in': () => stage?.zoom(1.25),
    'zoom-out': () => stage?.zoom(0.8),
    'reset-view': () => stage?.resetView(),
    'clear-selection': () => select(null),
  };
  const keys = new AbortController();
  document.addEventListener(
    'keydown',
    (ev) => {
      const t = ev.target as HTMLElement | null;
      const action = keyAction({
        key: ev.key,
        ctrlKey: ev.ctrlKey,
        metaKey: ev.metaKey,
        altKey: ev.altKey,
        targetTag: t?.tagName,
        targetType: (t as HTMLInputElement | null)?.type,
      });
      if (!action) return;
      ev.preventDefault();
      actions[action]();
    },
    { signal: keys.signal },
  );

  controls.source.addEventListener('change', () => {
    source = prefs.source = controls.source.value;
    void loadSource();
  });
  controls.granularity.addEventListener('input', () => setLevel(Number(controls.granularity.value)));
  controls.opacity.addEventListener('input', () => setOpacity(Number(controls.opacity.value) / 100));
  controls.mode.addEventListener('change', (ev) => {
    prefs.mode = (ev.target as HTMLInputElement).value as 'fill' | 'outline';
    void drawLayers();
  });
  controls.groundTruth.addEventListener('change', () => {
    prefs.groundTruth = controls.groundTruth.checked;
    void drawLayers();
  });
  controls.planes.addEventListener('click', (ev) => {
    const p = (ev.target as HTMLElement).dataset.plane as ViewPlane | undefined;
    if (p) setPlane(p);
  });
  const applyWindow = () => stage?.setWindow(Number(controls.winMin.value), Number(controls.winMax.value));
  controls.winMin.addEventListener('change', applyWindow);
  controls.winMax.addEventListener('change', applyWindow);
  controls.winAuto.addEventListener('click', () => (stage?.setWindow(...autoWindow), showWindow()));
  controls.zoomIn.addEventListener('click', actions['zoom-in']);
  controls.zoomOut.addEventListener('click', actions['zoom-out']);
  controls.zoomReset.addEventListener('click', actions['reset-view']);

  // pointer: hover read-out, left click selects (a drag does not), Ctrl+wheel zooms
  let down: [number, number] | null = null;
  canvas.addEventListener('pointerdown', (ev) => void (down = ev.button === 0 ? [ev.clientX, ev.clientY] : null));
  canvas.addEventListener('pointerup', (ev) => {
    if (!down || ev.button !== 0 || Math.hypot(ev.clientX - down[0], ev.clientY - down[1]) > 3) return;
    down = null;
    const v = stage?.voxelAt(ev.clientX, ev.clientY);
    if (v) select(v);
  });
  let hovered: Vec3 | null = null;
  const showReadout = () => {
    const v = hovered;
    if (!v || !image) return;
    const region = labels ? labels[v[0] + image.dims[0] * (v[1] + image.dims[1] * v[2])] : null;
    const inGt = gt ? gt[v[0] + image.dims[0] * (v[1] + image.dims[1] * v[2])] === 1 : null;
    readout.textContent = formatReadout({ voxel: v, value: valueAt(image, v), region, inGroundTruth: inGt }, is3d);
    readout.dataset.voxel = v.join(',');
    readout.dataset.region = region === null ? '' : String(region);
  };
  canvas.addEventListener('pointermove', (ev) => {
    hovered = stage?.voxelAt(ev.clientX, ev.clientY) ?? null;
    showReadout();
  });
  viewer.addEventListener(
    'wheel',
    (ev) => {
      if (!ev.ctrlKey) return;
      ev.preventDefault();
      ev.stopPropagation();
      stage?.zoom(ev.deltaY < 0 ? 1.25 : 0.8);
    },
    { capture: true, passive: false },
  );

  const rows = state.metrics.filter((r) => r.image === id);
  root.append(
    h(
      'p',
      { class: 'crumbs' },
      h('a', { href: '#/' }, '← gallery'),
      ' · ',
      h('a', { href: `#/native/${encodeURIComponent(neighbour(-1))}` }, '‹ previous (p)'),
      ' · ',
      h('a', { href: `#/native/${encodeURIComponent(neighbour(1))}` }, 'next (n) ›'),
      ...(state.listing.images.some((e) => e.name === id)
        ? [' · ', h('a', { href: `#/image/${encodeURIComponent(id)}`, id: 'model-view-link' }, '128² model-input view')]
        : []),
    ),
    h(
      'h1',
      {},
      id,
      h(
        'span',
        { class: 'muted' },
        ` ${is3d ? 'volume' : 'image'} ${item.dims.join('×')}${item.spacing ? `, ${item.spacing.join(' × ')} ${item.units}` : ', px'}`,
      ),
    ),
    h(
      'div',
      { class: 'detail' },
      h('div', {}, viewer, readout, status),
      h('div', { class: 'side' }, controls.panel, legend, h('h2', {}, 'Click-to-segment'), selBox),
    ),
    shortcutHelp(),
    rows.length
      ? h(
          'table',
          { class: 'metrics', id: 'native-metrics' },
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              ...['method', 'protocol', 'dice (128²)', 'dice (native)', 'hd (native)', 'hd95 (native)'].map((c) =>
                h('th', {}, c),
              ),
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
                ...[r.dice, r.native?.dice].map((v) => h('td', { class: 'num' }, fmt(v))),
                ...[r.native?.hd, r.native?.hd95].map((v) =>
                  h('td', { class: 'num' }, `${fmt(v, 2)} ${r.native?.units ?? ''}`),
                ),
              ),
            ),
          ),
        )
      : '',
    is3d && item.slices?.length
      ? h(
          'p',
          { class: 'muted' },
          'Model-input slices (128²): ',
          ...item.slices
            .filter((s) => state.listing.images.some((e) => e.name === s))
            .slice(0, 200)
            .map((s) =>
              h(
                'a',
                { href: `#/image/${encodeURIComponent(s)}`, class: 'slice-link' },
                s.slice(s.lastIndexOf('__s') + 3),
                ' ',
              ),
            ),
        )
      : '',
  );

  let destroyed = false;
  teardown = () => {
    destroyed = true;
    keys.abort();
    stage?.destroy();
  };
  void (async () => {
    try {
      image = await loadImage(id, item);
      gt = item.hasMask ? await loadMask(id, item, image).catch(() => null) : null;
      if (destroyed) return;
      const { createStage } = await import('./stage.js'); // NiiVue loads only when a native view opens
      if (destroyed) return;
      stage = await createStage(canvas, () => updateSlice());
      if (destroyed) return stage.destroy(); // left the page while NiiVue started
      await stage.show(image);
      stage.setLabelOpacity(prefs.opacity);
      autoWindow = stage.getWindow();
      showWindow();
      updateSlice();
      controls.granularity.value = String(levelPos);
      await (source ? loadSource() : drawLayers());
      if (!source) refreshLegend();
      status.textContent = '';
      viewer.dataset.loaded = 'true';
    } catch (e) {
      status.className = 'error';
      status.textContent = `Could not load ${id}: ${errText(e)}`;
    }
  })();
}
