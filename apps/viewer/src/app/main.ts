import './style.css';
import { loadJson, loadListing, loadText, runFile } from './api.js';
import { h } from './dom.js';
import { parseMetricsCsv, parseNativeLevelsIndex, parseSummary, parseTrainingLog, RUN_FILES } from '@cuts/run-folder';
import { parseNativeIndex } from './native/contract.js';
import { disposeNative, renderNative } from './native/view.js';
import type { AppState } from './state.js';
import { renderDetail } from './views/detail.js';
import { renderGallery } from './views/gallery.js';
import { renderSummary } from './views/summary.js';

const errText = (e: unknown) => (e instanceof Error ? e.message : String(e));

async function loadState(): Promise<AppState> {
  const listing = await loadListing();
  const state: AppState = { listing, metrics: [] };
  const jobs: Promise<void>[] = [];
  if (listing.files.metrics) {
    jobs.push(
      loadText(runFile(RUN_FILES.metrics)).then(
        (t) => void (state.metrics = parseMetricsCsv(t)),
        (e) => void (state.metricsError = errText(e)),
      ),
    );
  }
  if (listing.files.summary) {
    jobs.push(
      loadJson<unknown>(runFile(RUN_FILES.summary)).then(
        (s) => void (state.summary = parseSummary(s)),
        (e) => void (state.summaryError = errText(e)),
      ),
    );
  }
  if (listing.files.trainingLog) {
    jobs.push(
      loadJson<unknown>(runFile(RUN_FILES.trainingLog)).then(
        (l) => void (state.trainingLog = parseTrainingLog(l)),
        (e) => void (state.trainingLogError = errText(e)),
      ),
    );
  }
  if (listing.native?.index) {
    jobs.push(
      loadJson<unknown>(runFile(RUN_FILES.nativeIndex)).then(
        (j) => void (state.native = parseNativeIndex(j)),
        (e) => void (state.nativeError = errText(e)),
      ),
    );
  }
  if (listing.native?.levels) {
    jobs.push(
      loadJson<unknown>(runFile(RUN_FILES.nativeLevelsIndex)).then(
        (j) => void (state.nativeLevels = parseNativeLevelsIndex(j)),
        (e) => void (state.nativeError = errText(e)),
      ),
    );
  }
  if (listing.files.config)
    jobs.push(
      loadJson(runFile(RUN_FILES.config)).then(
        (c) => void (state.config = c),
        () => undefined,
      ),
    );
  await Promise.all(jobs);
  return state;
}

function route(state: AppState, root: HTMLElement): void {
  const hash = decodeURIComponent(location.hash.replace(/^#\/?/, ''));
  disposeNative();
  root.replaceChildren();
  for (const a of document.querySelectorAll('nav a'))
    a.classList.toggle('active', a.getAttribute('href') === `#/${hash.split('/')[0]}`);
  if (hash === 'summary') renderSummary(state, root);
  else if (hash.startsWith('native/') && state.native?.items[hash.slice('native/'.length)])
    renderNative(state, root, hash.slice('native/'.length));
  else if (hash.startsWith('image/')) {
    // the 128² model-input view; a volume id has no 128² image of its own and opens natively
    const name = hash.slice('image/'.length);
    if (!state.listing.images.some((i) => i.name === name) && state.native?.items[name])
      renderNative(state, root, name);
    else renderDetail(state, root, name);
  } else renderGallery(state, root);
  window.scrollTo(0, 0);
}

async function start(): Promise<void> {
  const root = document.getElementById('view')!;
  let state: AppState;
  try {
    state = await loadState();
  } catch (e) {
    root.replaceChildren(h('p', { class: 'error' }, `Could not load the run: ${errText(e)}`));
    return;
  }
  document.getElementById('run-name')!.textContent = state.listing.name;
  document.title = `${state.listing.name} — cuts viewer`;
  window.addEventListener('hashchange', () => route(state, root));
  route(state, root);
}

void start();
