import { rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startViewerServer, type ViewerServer } from '../server/server.js';
import {
  IMAGE2D_ID,
  VOLUME_IDS,
  image2dLevel,
  readFixtureImage2d,
  readFixtureVolume,
  volumeLevel,
  writeVolumeRun,
  type FixtureVolume,
} from '../test-utils/volume-run.js';
import { chromiumSkipReason, launchChromium, watchPage } from './browser.js';

const PKG = fileURLToPath(new URL('../..', import.meta.url));
const CANVAS = 640;

/** Dice computed here, independently of the app. */
function referenceDice(pred: Uint8Array, gt: Uint8Array): number {
  let inter = 0,
    p = 0,
    g = 0;
  for (let i = 0; i < pred.length; i++) (p += pred[i]), (g += gt[i]), (inter += pred[i] & gt[i]);
  return (2 * inter + 1e-12) / (p + g + 1e-12);
}

/** NIfTI-1 header fields by their spec offsets (independent of nifti-reader-js). */
function niftiFields(bytes: Uint8Array) {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return {
    dims: [0, 1, 2, 3].map((d) => dv.getInt16(40 + 2 * d, true)),
    datatype: dv.getInt16(70, true),
    voxOffset: dv.getFloat32(108, true),
    codes: [dv.getInt16(252, true), dv.getInt16(254, true)],
    srow: [280, 296, 312].map((o) => [0, 1, 2, 3].map((c) => dv.getFloat32(o + 4 * c, true))),
  };
}

let browser: Browser;
let run: string;
let server: ViewerServer;
let page: Page;
let vol: FixtureVolume;
const problems: string[] = [];
const V = VOLUME_IDS[1];

describe.skipIf(chromiumSkipReason !== null)(
  'native viewer (NiiVue, WebGL2 in headless Chromium) on a volume run',
  () => {
    beforeAll(async () => {
      browser = await launchChromium();
      run = await writeVolumeRun();
      vol = await readFixtureVolume(V);
      const appDir = path.join(path.dirname(run), 'app');
      await build({
        root: PKG,
        configFile: path.join(PKG, 'vite.config.ts'),
        logLevel: 'warn',
        build: { outDir: appDir, emptyOutDir: true },
      });
      server = await startViewerServer({ runDir: run, appDir });
      page = await browser.newPage({ viewport: { width: 1280, height: 1100 } });
      watchPage(page, server.url, problems);
    }, 120_000);
    afterAll(async () => {
      await browser?.close();
      await server?.close();
      if (run) await rm(path.dirname(run), { recursive: true, force: true });
    });

    const box = async () => {
      await page.evaluate(() => window.scrollTo(0, 0)); // the canvas sits at the top: keep it in the viewport
      return (await page.locator('#niivue').boundingBox())!;
    };
    /** Page position of the centre of native voxel (i, j) in the axial view at zoom 1 (256² fills the 640² canvas; +y is up). */
    const axialPoint = async (i: number, j: number) => {
      const b = await box();
      const s = CANVAS / 256;
      return [b.x + (i + 0.5) * s, b.y + (255 - j + 0.5) * s] as const;
    };
    const readout = async () => ({
      text: (await page.textContent('#readout')) ?? '',
      voxel: ((await page.getAttribute('#readout', 'data-voxel')) ?? '').split(',').map(Number),
      region: await page.getAttribute('#readout', 'data-region'),
    });
    const slice = async () => Number(await page.getAttribute('#nstage', 'data-slice'));
    const selection = () =>
      page.$eval('#nsel-info', (el) => ({
        label: Number(el.getAttribute('data-label')),
        voxels: Number(el.getAttribute('data-voxels')),
        dice: Number(el.getAttribute('data-dice')),
        voxel: el.getAttribute('data-voxel'),
      }));
    /** RGB of the page at a point (the WebGL canvas as composited). */
    const pixel = async (x: number, y: number) => {
      const png = await page.screenshot({ clip: { x: Math.floor(x), y: Math.floor(y), width: 1, height: 1 } });
      return Array.from((await sharp(png).removeAlpha().raw().toBuffer()).subarray(0, 3));
    };
    const idx = (i: number, j: number, k: number) => i + 256 * (j + 256 * k);

    it('gallery shows one row per volume or image (slices folded into their volume)', async () => {
      await page.goto(server.url);
      await page.waitForSelector('#gallery tbody tr');
      expect(await page.$$eval('#gallery tbody tr', (r) => r.map((x) => x.getAttribute('data-image')))).toEqual([
        IMAGE2D_ID,
        ...VOLUME_IDS,
      ]);
      expect(
        await page.$$eval('#gallery tbody tr td:nth-child(2) a', (a) => a.map((x) => x.getAttribute('href'))),
      ).toEqual([IMAGE2D_ID, ...VOLUME_IDS].map((id) => `#/native/${id}`));
    });

    it('opens the volume on its native 256×256×20 grid; hover reads the value and region of the voxel under the pointer', async () => {
      await page.goto(`${server.url}#/image/${V}`); // a volume id has no 128² image: opens natively
      await page.waitForSelector('#nstage[data-loaded="true"]', { timeout: 60_000 });
      expect(await page.getAttribute('#nstage', 'data-ready')).toBe('diffusion_levels:1');
      const k = await slice();
      expect(k).toBe(10);
      const level1 = volumeLevel(vol, 1);
      for (const [i, j] of [
        [128, 128],
        [40, 175],
        [200, 60],
        [0, 255],
      ]) {
        await page.mouse.move(...(await axialPoint(i, j)));
        const r = await readout();
        expect(r.voxel).toEqual([i, j, k]);
        expect(r.text).toContain(`value ${vol.values[idx(i, j, k)]}`);
        expect(r.region).toBe(String(level1[idx(i, j, k)]));
      }
    });

    it('scrolls slices with j/k, draws the ground truth as a white outline, click-to-segment with live Dice across granularity', async () => {
      // the slice with the most tumour, and a tumour voxel on its in-plane edge / one inside
      const perSlice = Array.from({ length: 20 }, (_, z) =>
        vol.mask.subarray(z * 65536, (z + 1) * 65536).reduce((a, b) => a + b, 0),
      );
      const kt = perSlice.indexOf(Math.max(...perSlice));
      let edge: [number, number] | null = null;
      let inside: [number, number] | null = null;
      for (let j = 1; j < 255 && !(edge && inside); j++) {
        for (let i = 1; i < 255; i++) {
          if (!vol.mask[idx(i, j, kt)]) continue;
          const n = [idx(i - 1, j, kt), idx(i + 1, j, kt), idx(i, j - 1, kt), idx(i, j + 1, kt)].map(
            (p) => vol.mask[p],
          );
          if (!edge && n.includes(0)) edge = [i, j];
          const ring = [-2, -1, 0, 1, 2].flatMap((dj) =>
            [-2, -1, 0, 1, 2].map((di) => vol.mask[idx(i + di, j + dj, kt)]),
          );
          if (!inside && ring.every((v) => v === 1) && volumeLevel(vol, 2)[idx(i, j, kt)] === 5) inside = [i, j];
        }
      }
      expect(edge && inside).toBeTruthy();
      const key = kt > (await slice()) ? 'j' : 'k';
      while ((await slice()) !== kt) await page.keyboard.press(key);
      expect(await page.textContent('#nslice')).toBe(`slice ${kt + 1} / 20`);
      await page.waitForFunction(() => Number(document.querySelector('#nstage')?.getAttribute('data-layers')) > 0);
      const white = await pixel(...(await axialPoint(...edge!)));
      expect(white.every((c) => c >= 245)).toBe(true);

      // finest level: the tumour region (id 5 in the fixture)
      await page.keyboard.press(']');
      await page.waitForSelector('#nstage[data-ready="diffusion_levels:2"]');
      await page.mouse.click(...(await axialPoint(...inside!)));
      await page.waitForSelector('#nsel-info[data-label]');
      const fine = volumeLevel(vol, 2);
      const fineMask = Uint8Array.from(fine, (v) => (v === 5 ? 1 : 0));
      let s = await selection();
      expect(s.voxel).toBe(`${inside![0]},${inside![1]},${kt}`);
      expect(s.label).toBe(5);
      expect(s.voxels).toBe(fineMask.reduce((a, b) => a + b, 0));
      const want = referenceDice(fineMask, vol.mask);
      expect(s.dice).toBeCloseTo(want, 12);
      expect(await page.textContent('#nsel-dice')).toBe(want.toFixed(4));

      // the exported NIfTI: the source geometry, the selected voxels
      const href = (await page.getAttribute('#download-nifti', 'href'))!;
      const gz = await page.evaluate(
        async (u) => Array.from(new Uint8Array(await (await fetch(u)).arrayBuffer())),
        href,
      );
      const nii = gunzipSync(Uint8Array.from(gz));
      const got = niftiFields(nii);
      const src = niftiFields(vol.nifti);
      expect(got.dims).toEqual([3, 256, 256, 20]);
      expect(got.datatype).toBe(2);
      expect(got.codes).toEqual(src.codes);
      expect(got.srow).toEqual(src.srow);
      expect(Buffer.compare(nii.subarray(got.voxOffset), Buffer.from(fineMask))).toBe(0);
      expect(await page.$('#download-png')).toBeNull(); // PNG only for 2D

      // coarser: the same voxel now selects the coarser region and Dice follows
      await page.keyboard.press('[');
      await page.waitForSelector('#nstage[data-ready="diffusion_levels:1"]');
      await page.waitForFunction(() => document.querySelector('#nsel-info')?.getAttribute('data-label') === '3');
      s = await selection();
      const coarseMask = Uint8Array.from(volumeLevel(vol, 1), (v) => (v === 3 ? 1 : 0));
      expect(s.voxels).toBe(coarseMask.reduce((a, b) => a + b, 0));
      expect(s.dice).toBeCloseTo(referenceDice(coarseMask, vol.mask), 12);
      await page.screenshot({ path: '/tmp/cuts-viewer-native-volume.png', fullPage: true });
    });

    it("keeps a region's colour across granularity levels although its id changes (1 → 11 → 21)", async () => {
      const swatch = async (label: number) =>
        page.$eval(`#colour-table tr[data-label="${label}"] .swatch`, (e) => (e as HTMLElement).style.background);
      const colours: string[] = [];
      for (const [level, bg] of [
        [0, 1],
        [1, 11],
        [2, 21],
      ]) {
        await page.fill('#ngranularity', String(level));
        await page.waitForSelector(`#nstage[data-ready="diffusion_levels:${level}"]`);
        colours.push(await swatch(bg));
      }
      expect(new Set(colours).size).toBe(1);
      expect(colours[0]).toMatch(/^rgb/);
    });

    it('window/level, opacity, zoom and pan, and the three planes', async () => {
      await page.keyboard.press('Escape');
      await page.uncheck('#ngt');
      await page.fill('#nopacity', '0');
      const [px, py] = await axialPoint(128, 128);
      const v = vol.values[idx(128, 128, await slice())];
      expect(v).toBeGreaterThan(20);
      await page.fill('#nwin-min', '0');
      await page.fill('#nwin-max', String(v / 4));
      await page.press('#nwin-max', 'Enter');
      await page.waitForTimeout(100);
      expect((await pixel(px, py))[0]).toBe(255);
      await page.fill('#nwin-min', String(v + 50));
      await page.fill('#nwin-max', String(v + 100));
      await page.press('#nwin-max', 'Enter');
      await page.waitForTimeout(100);
      expect((await pixel(px, py))[0]).toBe(0);
      await page.click('#nwin-auto');

      await page.locator('#niivue').hover();
      await page.keyboard.press('o');
      expect(await page.textContent('#nopacity-value')).toBe('10%');
      await page.keyboard.press('O');
      expect(await page.textContent('#nopacity-value')).toBe('0%');
      await page.click('h1');

      // zoom in twice (×1.25²): two points 100 px apart now span 1.5625× fewer voxels; reset restores the grid
      const [qx, qy] = await axialPoint(40, 175);
      const span = async () => {
        await page.mouse.move(qx, qy);
        const a = (await readout()).voxel[0];
        await page.mouse.move(qx + 100, qy);
        return (await readout()).voxel[0] - a;
      };
      expect(await span()).toBe(40);
      await page.keyboard.press('+');
      await page.keyboard.press('+');
      expect(Math.abs((await span()) - 40 / 1.5625)).toBeLessThanOrEqual(1);
      await page.keyboard.press('0');
      await page.mouse.move(qx + 1, qy);
      await page.mouse.move(qx, qy);
      expect((await readout()).voxel.slice(0, 2)).toEqual([40, 175]);
      // right-drag pans by the dragged distance (2.5 px per voxel at zoom 1)
      await page.mouse.move(px, py);
      await page.mouse.down({ button: 'right' });
      await page.mouse.move(px + 50, py, { steps: 5 });
      await page.mouse.up({ button: 'right' });
      await page.mouse.move(qx, qy);
      expect((await readout()).voxel[0]).toBe(20);
      await page.keyboard.press('0');

      await page.keyboard.press('c');
      expect(await page.getAttribute('#nplanes button.active', 'data-plane')).toBe('coronal');
      const cross = (await page.textContent('#nslice'))!;
      expect(cross).toMatch(/^slice \d+ \/ 256$/);
      await page.mouse.move(px, py);
      const cor = await readout();
      expect(cor.voxel[1]).toBe(Number(await page.getAttribute('#nstage', 'data-slice')));
      expect(cor.text).toContain(`value ${vol.values[idx(cor.voxel[0], cor.voxel[1], cor.voxel[2])]}`);
      await page.keyboard.press('s');
      expect(await page.textContent('#nslice')).toMatch(/^slice \d+ \/ 256$/);
      await page.mouse.move(px + 3, py + 3);
      const sag = await readout();
      expect(sag.voxel[0]).toBe(Number(await page.getAttribute('#nstage', 'data-slice')));
      await page.screenshot({ path: '/tmp/cuts-viewer-native-sagittal.png' });
      await page.keyboard.press('a');
      expect(await page.textContent('#nslice')).toMatch(/^slice \d+ \/ 20$/);
    });

    it('n / p walk through the items', async () => {
      await page.click('h1'); // focus away from the form fields
      await page.keyboard.press('n');
      await page.waitForFunction((id) => document.querySelector('h1')?.textContent?.startsWith(id), IMAGE2D_ID);
      await page.keyboard.press('p');
      await page.waitForFunction((id) => document.querySelector('h1')?.textContent?.startsWith(id), V);
    });

    it('a 2D image on its native 256×173 grid: orientation, hover, click-to-segment, PNG and NIfTI export', async () => {
      const im = await readFixtureImage2d();
      await page.goto(`${server.url}#/image/${IMAGE2D_ID}`); // the 128² view stays where it was, with a link to the native grid
      await page.waitForSelector('#stage');
      await page.click('#native-view-link');
      await page.waitForSelector('#nstage[data-loaded="true"]', { timeout: 60_000 });
      await page.waitForSelector('#nstage[data-ready="diffusion_levels:0"]');
      const b = await box();
      const s = CANVAS / 256;
      const top = (CANVAS - 173 * s) / 2;
      const at = (i: number, j: number) => [b.x + (i + 0.5) * s, b.y + top + (j + 0.5) * s] as const;
      for (const [i, j] of [
        [3, 2],
        [128, 86],
        [250, 170],
      ]) {
        await page.mouse.move(...at(i, j));
        const r = await readout();
        expect(r.voxel).toEqual([i, j, 0]);
        expect(r.text).toContain(`pixel (${i}, ${j}) · value ${im.values[j * 256 + i]}`);
      }
      // a pixel of the brighter right half at the finest level
      let target: [number, number] = [0, 0];
      for (let p = 0; p < im.values.length; p++)
        if (p % 256 > 150 && im.values[p] > 60) target = [p % 256, Math.floor(p / 256)];
      await page.keyboard.press(']');
      await page.waitForSelector('#nstage[data-ready="diffusion_levels:1"]');
      await page.mouse.click(...at(...target));
      await page.waitForSelector('#nsel-info[data-label]');
      const fine = image2dLevel(im.values, 256, 1);
      const label = fine[target[1] * 256 + target[0]];
      const mask = Uint8Array.from(fine, (v) => (v === label ? 1 : 0));
      const sel = await selection();
      expect(sel.label).toBe(label);
      expect(sel.voxels).toBe(mask.reduce((a, c) => a + c, 0));
      expect(sel.dice).toBeCloseTo(referenceDice(mask, im.mask), 12);
      const fetchBytes = (u: string) =>
        page.evaluate(async (x) => Array.from(new Uint8Array(await (await fetch(x)).arrayBuffer())), u);
      const png = await fetchBytes((await page.getAttribute('#download-png', 'href'))!);
      const raw = await sharp(Buffer.from(png)).extractChannel(0).raw().toBuffer({ resolveWithObject: true });
      expect([raw.info.width, raw.info.height]).toEqual([256, 173]);
      expect(Buffer.compare(raw.data, Buffer.from(mask.map((v) => v * 255)))).toBe(0);
      const nii = gunzipSync(Uint8Array.from(await fetchBytes((await page.getAttribute('#download-nifti', 'href'))!)));
      const f = niftiFields(nii);
      expect(f.dims.slice(0, 3)).toEqual([2, 256, 173]);
      expect(Buffer.compare(nii.subarray(f.voxOffset), Buffer.from(mask))).toBe(0);
      // after the click the layers were updated in place: the ground-truth outline still sits on its edge pixels
      let gtEdge: [number, number] | null = null;
      for (let p = 257; p < im.mask.length - 257 && !gtEdge; p++) {
        if (im.mask[p] && [p - 1, p + 1, p - 256, p + 256].some((q) => !im.mask[q]))
          gtEdge = [p % 256, Math.floor(p / 256)];
      }
      expect(await page.isChecked('#ngt')).toBe(false); // the choice made on the volume carries over
      await page.check('#ngt');
      await page.waitForTimeout(200);
      const [ex, ey] = at(...gtEdge!);
      const b2 = await box();
      expect(b2.y).toBe(b.y);
      expect((await pixel(ex, ey)).every((c) => c >= 245)).toBe(true);
      await page.screenshot({ path: '/tmp/cuts-viewer-native-2d.png', fullPage: true });
    });

    it("summary: the loss curve from the trainer's {history, bestEpoch} log", async () => {
      await page.goto(`${server.url}#/summary`);
      await page.waitForSelector('#loss-plot svg');
      expect(await page.$$eval('#loss-plot svg path.series', (p) => p.map((e) => e.getAttribute('class')))).toEqual([
        'series train',
        'series val',
      ]);
      expect(await page.textContent('#best-epoch')).toContain('epoch 5 of 6');
    });

    it('loaded nothing from outside the server and logged no errors', () => {
      expect(problems).toEqual([]);
    });
  },
);
