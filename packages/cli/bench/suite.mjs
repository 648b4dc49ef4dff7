#!/usr/bin/env node
/**
 * `pnpm bench:suite`: the default `cuts run` on every labelled set of
 * ../shared/data, with its controls (the same clustering on raw pixels, and the
 * classical baselines) scored by the same protocols. Prints one table per set and,
 * as the last line, one JSON object:
 *   {"sets": {"<set>": {"cuts": {"<method>": dice}, "raw": {"<method>": dice},
 *    "classical_best": {"method": m, "dice": d}, ...}}, "verdict": {...}, "wall_s": s}
 * (dice: mean `hint` Dice over the set and the seeds; classical_best: the best
 * baseline with ≤ 30 regions per image; verdict: issue 13's bar, src/suite-verdict.ts).
 *
 *   pnpm bench:suite [--seeds 1,2,3] [--sets lgg_flair_mri,retina_ga] [--epochs N]
 *                    [--out runs/bench-suite] [--reuse] [-- extra cuts run flags]
 * --reuse keeps a finished run folder (summary.json present) instead of re-running it.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sharedDataPath } from '@cuts/core/testing';
import { readRasterImage } from '@cuts/data';
import { renderSuiteVerdict, suiteVerdict } from '../dist/suite-verdict.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const bin = path.resolve(here, '..', 'dist', 'bin.js');
const argv = process.argv.slice(2);
const dashdash = argv.indexOf('--');
const own = dashdash >= 0 ? argv.slice(0, dashdash) : argv;
const extra = dashdash >= 0 ? argv.slice(dashdash + 1) : [];
const flag = (name, fallback) => {
  const i = own.indexOf(name);
  return i >= 0 ? own[i + 1] : fallback;
};
const ALL_SETS = [
  'retina_ga',
  'brain_tumor',
  'lgg_flair_mri',
  'monuseg_he_nuclei',
  'isbi2012_em_membranes',
  'hc18_fetal_head_us',
];
const CUTS = ['kmeans', 'spectral_kmeans', 'spectral_classes', 'diffusion_persistent'];
const CLASSICAL = ['otsu', 'kmeans_pixels', 'slic', 'felzenszwalb'];
const MAX_REGIONS = 30;
/** Targets under this fraction of the image are reported on their own ("small"). */
const SMALL = 0.03;
const seeds = flag('--seeds', '1').split(',').map(Number);
const sets = flag('--sets', ALL_SETS.join(',')).split(',');
const epochs = flag('--epochs');
const reuse = own.includes('--reuse');
const outRoot = path.resolve(flag('--out', path.resolve(here, '..', '..', '..', 'runs', 'bench-suite')));

const mean = (xs) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);
const std = (xs) => Math.sqrt(mean(xs.map((x) => (x - mean(xs)) ** 2)));
const r3 = (x) => (Number.isFinite(x) ? +x.toFixed(4) : null);

/** Foreground fraction of each scored image's 128² mask (masks/<id>.png in the run). */
async function maskFractions(run, ids) {
  const out = new Map();
  for (const id of ids) {
    const file = path.join(run, 'masks', `${id}.png`);
    if (!existsSync(file)) continue;
    const m = await readRasterImage(file);
    let fg = 0;
    for (const v of m.data) if (v > 0) fg++;
    out.set(id, fg / (m.width * m.height));
  }
  return out;
}

/** metrics.csv rows as objects. */
function readMetrics(run) {
  const [head, ...lines] = readFileSync(path.join(run, 'metrics.csv'), 'utf8').trim().split('\n');
  const cols = head.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [cols[i], v])));
}

const results = {};
const t0 = performance.now();
for (const set of sets) {
  const data = sharedDataPath(set);
  if (!data) {
    console.error(`bench:suite: ../shared/data/${set} not found`);
    process.exit(2);
  }
  const perSeed = [];
  for (const seed of seeds) {
    const out = path.join(outRoot, set, `seed-${seed}`);
    let wall = NaN;
    if (!(reuse && existsSync(path.join(out, 'summary.json')))) {
      const args = [
        bin,
        'run',
        '--data',
        data,
        '--out',
        out,
        '--seed',
        String(seed),
        '--force',
        '-q',
        ...(epochs ? ['--epochs', epochs] : []),
        ...extra,
      ];
      const start = performance.now();
      const r = spawnSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'inherit'] });
      wall = (performance.now() - start) / 1000;
      if (r.status !== 0) {
        console.error(`bench:suite: cuts run failed on ${set} seed ${seed} (exit ${r.status})`);
        process.exit(r.status ?? 1);
      }
    }
    const summary = JSON.parse(readFileSync(path.join(out, 'summary.json'), 'utf8'));
    const rows = readMetrics(out);
    const fractions = await maskFractions(out, [...new Set(rows.map((r) => r.image))]);
    const small = {};
    for (const r of rows) {
      if (r.protocol !== 'hint' || !(fractions.get(r.image) < SMALL)) continue;
      (small[r.method] ??= []).push(Number(r.dice));
    }
    perSeed.push({
      seed,
      wall,
      summary,
      small: Object.fromEntries(Object.entries(small).map(([m, v]) => [m, mean(v)])),
      nSmall: Object.values(small)[0]?.length ?? 0,
    });
    console.error(`${set} seed ${seed}: ${Number.isFinite(wall) ? `${wall.toFixed(1)} s` : 'reused'}`);
  }
  const stat = (method, protocol, key) =>
    perSeed.map((s) => s.summary.metrics[method]?.[protocol]?.[key]?.mean).filter((v) => v !== undefined);
  // the oracle (diffusion_best) has one protocol of its own; its "hint" column is the oracle's Dice
  const row = (method, p = method === 'diffusion_best' ? 'oracle' : 'hint') => ({
    hint: r3(mean(stat(method, p, 'dice'))),
    hint_std_seeds: r3(std(stat(method, p, 'dice'))),
    point: r3(mean(stat(method, 'point', 'dice'))),
    hd95: r3(mean(stat(method, p, 'hd95'))),
    regions: r3(mean(stat(method, p, 'clusters'))),
    small: r3(mean(perSeed.map((s) => s.small[method]).filter((v) => v !== undefined))),
  });
  const table = {};
  for (const m of [...CUTS, ...CUTS.map((m) => `pixels_${m}`), ...CLASSICAL, 'diffusion_best']) {
    if (perSeed[0].summary.metrics[m]) table[m] = row(m);
  }
  const classical = CLASSICAL.filter((m) => table[m] && table[m].regions <= MAX_REGIONS).sort(
    (a, b) => table[b].hint - table[a].hint,
  )[0];
  results[set] = {
    images: perSeed[0].summary.images,
    small_images: perSeed[0].nSmall,
    cuts: Object.fromEntries(CUTS.filter((m) => table[m]).map((m) => [m, table[m].hint])),
    raw: Object.fromEntries(CUTS.filter((m) => table[`pixels_${m}`]).map((m) => [m, table[`pixels_${m}`].hint])),
    classical_best: classical ? { method: classical, dice: table[classical].hint } : null,
    oracle: table.diffusion_best?.hint ?? null,
    table,
    wall_s: r3(mean(perSeed.map((s) => s.wall).filter(Number.isFinite))),
  };
  console.log(
    `\n## ${set} (${results[set].images} images, seeds ${seeds.join(',')}; ${results[set].small_images} with targets < 3 %)\n`,
  );
  console.log('| map | hint | ± seeds | point | HD95 | regions | hint, targets < 3 % |');
  console.log('|---|---|---|---|---|---|---|');
  for (const [m, v] of Object.entries(table))
    console.log(
      `| ${m} | ${v.hint} | ${v.hint_std_seeds} | ${v.point ?? '–'} | ${v.hd95} | ${v.regions} | ${v.small ?? '–'} |`,
    );
}
// the issue's bar, computed the same way every time (src/suite-verdict.ts)
const verdict = suiteVerdict(results);
console.log(`\n## Verdict (seeds ${seeds.join(',')})\n\n${renderSuiteVerdict(verdict)}`);
console.log(JSON.stringify({ seeds, sets: results, verdict, wall_s: r3((performance.now() - t0) / 1000) }));
