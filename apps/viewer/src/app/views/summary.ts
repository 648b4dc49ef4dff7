import { fmt, h } from '../dom.js';
import { lossCurveSvg } from '../lib/loss-plot.js';
import { SUMMARY_METRICS, summaryRows } from '../lib/summary.js';
import type { AppState } from '../state.js';

/** summary.json as a method × protocol table (mean ± std), timings, and the training loss curve. */
export function renderSummary(state: AppState, root: HTMLElement): void {
  root.append(h('h1', {}, `Summary — ${state.listing.name}`));
  const s = state.summary;
  if (s) {
    root.append(
      h(
        'p',
        { class: 'facts' },
        ...[
          ['dataset', s.dataset],
          ['images', s.images],
          ['backend', s.backend],
          ['seed', s.seed],
        ]
          .filter(([, v]) => v !== undefined)
          .flatMap(([k, v]) => [h('span', {}, `${k}: `, h('strong', {}, String(v))), ' ']),
      ),
    );
    try {
      const rows = summaryRows(s);
      root.append(
        h(
          'table',
          { class: 'metrics', id: 'summary-table' },
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              h('th', {}, 'method'),
              h('th', {}, 'protocol'),
              h('th', {}, 'n'),
              ...SUMMARY_METRICS.map((m) =>
                h('th', {}, `${m} ${m === 'dice' || m === 'ssim' ? '↑' : m === 'clusters' ? '' : '↓'}`),
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
                h('td', { class: 'num' }, r.n),
                ...SUMMARY_METRICS.map((m) => h('td', { class: 'num' }, r.cells[m])),
              ),
            ),
          ),
        ),
      );
    } catch (e) {
      root.append(h('p', { class: 'error' }, e instanceof Error ? e.message : String(e)));
    }
    if (s.timings_s) {
      root.append(
        h('h2', {}, 'Timings'),
        h(
          'table',
          { class: 'metrics', id: 'timings' },
          h(
            'tbody',
            {},
            ...Object.entries(s.timings_s).map(([k, v]) =>
              h('tr', {}, h('td', {}, k), h('td', { class: 'num' }, `${fmt(v, 1)} s`)),
            ),
          ),
        ),
      );
    }
  } else {
    root.append(
      h(
        'p',
        { class: state.summaryError ? 'error' : 'muted' },
        state.summaryError ? `summary.json could not be read: ${state.summaryError}` : 'No summary.json in this run.',
      ),
    );
  }
  root.append(h('h2', {}, 'Training loss'));
  if (state.trainingLog?.history.length) {
    const box = h('div', { id: 'loss-plot' });
    box.innerHTML = lossCurveSvg(state.trainingLog.history); // generated locally from numbers; labels escaped
    root.append(box);
    const best = state.trainingLog.bestEpoch;
    if (best)
      root.append(
        h(
          'p',
          { class: 'muted', id: 'best-epoch' },
          `best checkpoint: epoch ${best} of ${state.trainingLog.history.length}`,
        ),
      );
  } else {
    root.append(
      h(
        'p',
        { class: 'muted' },
        state.trainingLogError
          ? `model/training-log.json could not be read: ${state.trainingLogError}`
          : 'No model/training-log.json in this run.',
      ),
    );
  }
  if (state.listing.files.report)
    root.append(h('p', {}, h('a', { href: 'run/report.md', target: '_blank' }, 'report.md (raw)')));
  if (state.config !== undefined)
    root.append(h('details', {}, h('summary', {}, 'config.json'), h('pre', {}, JSON.stringify(state.config, null, 2))));
}
