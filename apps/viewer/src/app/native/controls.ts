/** The native view's control elements (created here, wired in view.ts). */
import { h } from '../dom.js';
import { SHORTCUTS } from './keyboard.js';

export const LEVELS = 'diffusion_levels';

export interface NativeControls {
  source: HTMLSelectElement;
  granularity: HTMLInputElement;
  granularityLabel: HTMLElement;
  opacity: HTMLInputElement;
  opacityLabel: HTMLElement;
  mode: HTMLElement;
  groundTruth: HTMLInputElement;
  planes: HTMLElement;
  sliceLabel: HTMLElement;
  winMin: HTMLInputElement;
  winMax: HTMLInputElement;
  winAuto: HTMLButtonElement;
  zoomIn: HTMLButtonElement;
  zoomOut: HTMLButtonElement;
  zoomReset: HTMLButtonElement;
  panel: HTMLElement;
}

export function nativeControls(
  sources: string[],
  source: string,
  levels: number,
  opacity: number,
  mode: 'fill' | 'outline',
  groundTruth: boolean,
  is3d: boolean,
): NativeControls {
  const c = {
    source: h(
      'select',
      { id: 'nsource' },
      ...sources.map((s) =>
        h('option', { value: s, selected: s === source }, s === LEVELS ? 'diffusion levels (granularity slider)' : s),
      ),
    ),
    granularity: h('input', {
      id: 'ngranularity',
      type: 'range',
      min: 0,
      max: Math.max(0, levels - 1),
      step: 1,
      value: 0,
    }),
    granularityLabel: h('span', { id: 'ngranularity-label' }),
    opacity: h('input', { id: 'nopacity', type: 'range', min: 0, max: 100, step: 1, value: Math.round(opacity * 100) }),
    opacityLabel: h('span', { id: 'nopacity-value' }, `${Math.round(opacity * 100)}%`),
    mode: h(
      'span',
      { id: 'nmode' },
      ...(['fill', 'outline'] as const).map((m) =>
        h(
          'label',
          {},
          h('input', { type: 'radio', name: 'nmode', id: `nmode-${m}`, value: m, checked: mode === m }),
          ` ${m} `,
        ),
      ),
    ),
    groundTruth: h('input', { id: 'ngt', type: 'checkbox', checked: groundTruth }),
    planes: h(
      'span',
      { id: 'nplanes' },
      ...(['axial', 'coronal', 'sagittal'] as const).map((p) =>
        h('button', { type: 'button', 'data-plane': p, disabled: !is3d, class: p === 'axial' ? 'active' : '' }, p),
      ),
    ),
    sliceLabel: h('span', { id: 'nslice' }),
    winMin: h('input', { id: 'nwin-min', type: 'number', step: 'any', class: 'num-input' }),
    winMax: h('input', { id: 'nwin-max', type: 'number', step: 'any', class: 'num-input' }),
    winAuto: h('button', { type: 'button', id: 'nwin-auto' }, 'auto'),
    zoomIn: h('button', { type: 'button', id: 'nzoom-in', title: 'zoom in (+)' }, '+'),
    zoomOut: h('button', { type: 'button', id: 'nzoom-out', title: 'zoom out (−)' }, '−'),
    zoomReset: h('button', { type: 'button', id: 'nzoom-reset', title: 'reset zoom and pan (0)' }, 'reset'),
  };
  const panel = h(
    'div',
    { class: 'side' },
    h('h2', {}, 'View'),
    h('p', {}, 'Plane ', c.planes, ' ', c.sliceLabel),
    h(
      'p',
      {},
      'Window ',
      c.winMin,
      ' – ',
      c.winMax,
      ' ',
      c.winAuto,
      h('br'),
      h('span', { class: 'muted' }, 'or drag with the middle button'),
    ),
    h(
      'p',
      {},
      'Zoom ',
      c.zoomOut,
      ' ',
      c.zoomIn,
      ' ',
      c.zoomReset,
      h('br'),
      h('span', { class: 'muted' }, 'Ctrl+wheel zooms, right-drag pans, the wheel scrolls slices'),
    ),
    h('h2', {}, 'Overlay'),
    h('p', {}, h('label', {}, 'Label map ', c.source)),
    h('p', {}, h('label', {}, 'Granularity (coarse → fine) ', c.granularity), h('br'), c.granularityLabel),
    h('p', {}, h('label', {}, 'Opacity ', c.opacity), ' ', c.opacityLabel),
    h('p', {}, 'Draw ', c.mode, ' ', h('label', {}, c.groundTruth, ' ground truth (white outline)')),
  );
  return { ...c, panel };
}

/** The shortcut list shown under the viewer. */
export function shortcutHelp(): HTMLElement {
  return h(
    'details',
    { id: 'shortcuts' },
    h('summary', {}, 'Keyboard shortcuts'),
    h(
      'table',
      { class: 'metrics' },
      h(
        'tbody',
        {},
        ...SHORTCUTS.map((s) =>
          h(
            'tr',
            {},
            h('td', {}, ...s.keys.flatMap((k, i) => (i ? [' ', h('kbd', {}, k)] : [h('kbd', {}, k)]))),
            h('td', {}, s.help),
          ),
        ),
      ),
    ),
  );
}
