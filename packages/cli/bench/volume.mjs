#!/usr/bin/env node
/**
 * `pnpm bench:volume`: volume throughput and memory. Runs `cuts run` (in a
 * child process) on one 256×256×20 FLAIR volume of ../shared/data/lgg_volumes
 * (copied into a temporary folder, removed afterwards) with 1 training epoch, and reports the
 * slices per second of embed + cluster (from summary.json's stage timings) and
 * the child's peak RSS. Baseline in the same command: the same run on the
 * volume's 20 slices written as separate 2D PNGs (the path every 2D image
 * takes), so the ratios isolate what the volume handling costs.
 *
 *   pnpm bench:volume [--methods kmeans] [--epochs 1] [--repeats 1]
 *
 * Last stdout line: {"slices":20,"volume_slices_per_s":…,"volume_peak_rss_mb":…,"png_slices_per_s":…,"png_peak_rss_mb":…,"ratio_throughput":…,"ratio_rss":…}
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sharedDataPath } from '@cuts/core/testing';
import { readNiftiVolume, extractSlice, writeSourcePng } from '@cuts/data';

const here = path.dirname(fileURLToPath(import.meta.url));
const mainJs = path.resolve(here, '..', 'dist', 'main.js');
const argv = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : fallback;
};
const methods = flag('--methods', 'kmeans');
const epochs = flag('--epochs', '1');
const repeats = Number(flag('--repeats', '1'));
const lgg = sharedDataPath('lgg_volumes');
if (!lgg) {
  console.error('bench:volume: ../shared/data/lgg_volumes not found');
  process.exit(2);
}
const id = 'TCGA_CS_4942_19970222';
const tmp = mkdtempSync(path.join(os.tmpdir(), 'cuts-bench-volume-'));
const volDir = path.join(tmp, 'vol');
const pngDir = path.join(tmp, 'png');
mkdirSync(volDir);
mkdirSync(path.join(pngDir, 'images'), { recursive: true });
mkdirSync(path.join(pngDir, 'masks'), { recursive: true });
for (const s of ['', '_seg']) copyFileSync(path.join(lgg, `${id}${s}.nii.gz`), path.join(volDir, `${id}${s}.nii.gz`));
const vol = await readNiftiVolume(path.join(lgg, `${id}.nii.gz`));
const seg = await readNiftiVolume(path.join(lgg, `${id}_seg.nii.gz`));
for (let k = 0; k < vol.dims[2]; k++) {
  const name = `s${String(k).padStart(3, '0')}.png`;
  const img = extractSlice(vol.data, vol.dims, 2, k);
  await writeSourcePng(path.join(pngDir, 'images', name), { ...img, channels: 1, bitDepth: 8 });
  const m = extractSlice(seg.data, seg.dims, 2, k);
  await writeSourcePng(path.join(pngDir, 'masks', name), {
    ...m,
    data: m.data.map((v) => (v ? 255 : 0)),
    channels: 1,
    bitDepth: 8,
  });
}

// The child runs `cuts run` in-process and reports its own peak RSS (a script file, not
// `-e`: the clustering worker threads inherit the parent's execArgv).
const child = path.join(tmp, 'child.mjs');
writeFileSync(
  child,
  `const { main } = await import(${JSON.stringify(mainJs)});\nconst code = await main(JSON.parse(process.argv[2]));\nprocess.stderr.write('\\nRSS ' + process.resourceUsage().maxRSS + '\\n');\nprocess.exit(code);\n`,
);

function run(data, out) {
  const args = ['run', '--data', data, '--out', out, '--epochs', epochs, '--methods', methods, '--force', '--quiet'];
  const r = spawnSync(process.execPath, [child, JSON.stringify(args)], { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) {
    process.stderr.write(r.stderr);
    process.exit(r.status ?? 1);
  }
  const rssKb = Number(/RSS (\d+)/.exec(r.stderr)[1]);
  const t = JSON.parse(readFileSync(path.join(out, 'summary.json'), 'utf8')).timings_s;
  return { seconds: t.embed + t.cluster, embed: t.embed, cluster: t.cluster, rssMb: rssKb / 1024 };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const vols = [];
const pngs = [];
for (let i = 0; i < repeats; i++) {
  vols.push(run(volDir, path.join(tmp, `run-vol-${i}`)));
  pngs.push(run(pngDir, path.join(tmp, `run-png-${i}`)));
  const v = vols[i];
  const p = pngs[i];
  console.log(
    `repeat ${i + 1}: volume embed ${v.embed.toFixed(1)} s + cluster ${v.cluster.toFixed(1)} s, peak RSS ${v.rssMb.toFixed(0)} MB | 2D PNG slices embed ${p.embed.toFixed(1)} s + cluster ${p.cluster.toFixed(1)} s, peak RSS ${p.rssMb.toFixed(0)} MB`,
  );
}
rmSync(tmp, { recursive: true, force: true });
const slices = vol.dims[2];
const volumeRate = slices / median(vols.map((v) => v.seconds));
const pngRate = slices / median(pngs.map((v) => v.seconds));
const volumeRss = median(vols.map((v) => v.rssMb));
const pngRss = median(pngs.map((v) => v.rssMb));
console.log(
  JSON.stringify({
    slices,
    methods,
    repeats,
    volume_slices_per_s: Number(volumeRate.toFixed(4)),
    volume_peak_rss_mb: Number(volumeRss.toFixed(1)),
    png_slices_per_s: Number(pngRate.toFixed(4)),
    png_peak_rss_mb: Number(pngRss.toFixed(1)),
    ratio_throughput: Number((volumeRate / pngRate).toFixed(3)),
    ratio_rss: Number((volumeRss / pngRss).toFixed(3)),
  }),
);
