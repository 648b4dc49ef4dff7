import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { dice as evalDice } from '@cuts/eval/metrics';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startViewerServer, type ViewerServer } from '../server/server.js';
import { FIXTURE_IMAGES, SIZE, gtMask, labelFns, labelMap, writeFixtureRun } from '../test-utils/fixture-run.js';
import { chromiumSkipReason, launchChromium, rawGet, watchPage } from './browser.js';

const PKG = fileURLToPath(new URL('../..', import.meta.url));
const SCALE = 512 / SIZE;

/** Dice computed here, independently of the app: 2|P∩G| / (|P| + |G|) with the reference's 1e-12 smoothing. */
function referenceDice(pred: Uint8Array, gt: Uint8Array): number {
  let inter = 0,
    p = 0,
    g = 0;
  for (let i = 0; i < pred.length; i++) {
    p += pred[i];
    g += gt[i];
    inter += pred[i] & gt[i];
  }
  return (2 * inter + 1e-12) / (p + g + 1e-12);
}

let browser: Browser;
let run: string;
let server: ViewerServer;
let page: Page;
const problems: string[] = [];

describe.skipIf(chromiumSkipReason !== null)('viewer in headless Chromium', () => {
  beforeAll(async () => {
    browser = await launchChromium(); // first: under CI=true a missing browser fails here
    run = await writeFixtureRun();
    const appDir = path.join(path.dirname(run), 'app'); // the app as built from the current sources
    await build({
      root: PKG,
      configFile: path.join(PKG, 'vite.config.ts'),
      logLevel: 'warn',
      build: { outDir: appDir, emptyOutDir: true },
    });
    await writeFile(path.join(path.dirname(run), 'outside-secret.txt'), 'secret');
    server = await startViewerServer({ runDir: run, appDir });
    page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    watchPage(page, server.url, problems);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await rm(path.dirname(run), { recursive: true, force: true });
  });

  const overlayPixel = (x: number, y: number) =>
    page.evaluate(
      ([x, y]) =>
        Array.from(
          (document.querySelector('#overlay') as HTMLCanvasElement).getContext('2d')!.getImageData(x, y, 1, 1).data,
        ),
      [x, y],
    );
  const selection = () =>
    page.$eval('#sel-info', (el) => ({
      label: Number(el.getAttribute('data-label')),
      area: Number(el.getAttribute('data-area')),
      dice: Number(el.getAttribute('data-dice')),
      text: el.textContent ?? '',
    }));
  const clickPixel = async (x: number, y: number) => {
    const box = (await page.locator('#stage').boundingBox())!;
    await page.mouse.click(box.x + x * SCALE + SCALE / 2, box.y + y * SCALE + SCALE / 2);
  };
  const expectSelection = async (x: number, y: number, map: Int32Array, gt: Uint8Array) => {
    const label = map[y * SIZE + x];
    const mask = Uint8Array.from(map, (v) => (v === label ? 1 : 0));
    const area = mask.reduce((a, b) => a + b, 0);
    const want = referenceDice(mask, gt);
    // the number @cuts/eval writes to metrics.csv for this mask is the same
    expect(evalDice({ width: SIZE, height: SIZE, data: mask }, { width: SIZE, height: SIZE, data: gt })).toBeCloseTo(
      want,
      14,
    );
    await page.waitForFunction(
      ([l]) => document.querySelector('#sel-info')?.getAttribute('data-label') === String(l),
      [label],
    );
    const got = await selection();
    expect(got.label).toBe(label);
    expect(got.area).toBe(area);
    expect(got.dice).toBeCloseTo(want, 12);
    expect(await page.textContent('#sel-dice')).toBe(want.toFixed(4));
    return { mask, area, want };
  };

  it('gallery lists every image and sorts by Dice', async () => {
    await page.goto(server.url);
    await page.waitForSelector('#gallery tbody tr');
    const order = () => page.$$eval('#gallery tbody tr', (rows) => rows.map((r) => r.getAttribute('data-image')));
    expect(await order()).toEqual(['img1', 'img2', 'img3 b']);
    const columns = () => page.$$eval('#gallery th[data-key]', (th) => th.map((t) => t.getAttribute('data-key')));
    expect(await columns()).toEqual(['name', 'kmeans · hint', 'kmeans · point', 'spectral_kmeans · hint']);
    await page.selectOption('#protocol-filter', 'hint');
    expect(await columns()).toEqual(['name', 'kmeans · hint', 'spectral_kmeans · hint']);
    await page.click('th[data-key="kmeans · hint"]');
    expect(await order()).toEqual(['img2', 'img3 b', 'img1']); // 0.35, 0.57, 0.81: worst first
    await page.click('th[data-key="kmeans · hint"]');
    expect(await order()).toEqual(['img1', 'img3 b', 'img2']);
    // thumbnails are drawn (image pixels are opaque)
    await page.waitForFunction(() => {
      const c = document.querySelector('#gallery canvas.thumb') as HTMLCanvasElement | null;
      return !!c && c.getContext('2d')!.getImageData(2, 2, 1, 1).data[3] === 255;
    });
    await page.screenshot({ path: '/tmp/cuts-viewer-gallery.png', fullPage: true });
  });

  it('detail view: opacity, fill/outline, granularity, click-to-segment with live Dice, download', async () => {
    const im = FIXTURE_IMAGES[0];
    const gt = gtMask(im);
    await page.goto(`${server.url}#/image/${encodeURIComponent(im.name)}`);
    await page.waitForSelector('#stage[data-ready="diffusion_levels:2"]'); // middle of [3, 2, 1, 0]
    expect(await page.textContent('#granularity-label')).toContain('3 clusters');

    await page.fill('#opacity', '80');
    expect((await overlayPixel(0, 0))[3]).toBe(Math.round(0.8 * 255));
    await page.fill('#opacity', '20');
    expect((await overlayPixel(0, 0))[3]).toBe(Math.round(0.2 * 255));

    await page.check('#mode-outline');
    expect((await overlayPixel(0, 0))[3]).toBe(0); // background interior
    expect((await overlayPixel(im.cx, im.cy - im.r - 2))[3]).toBe(51); // top of the disc edge
    await page.check('#mode-fill');
    await page.fill('#opacity', '60');

    // coarsest level: disc vs background
    await page.fill('#granularity', '0');
    await page.waitForSelector('#stage[data-ready="diffusion_levels:3"]');
    expect(await page.textContent('#granularity-label')).toContain('2 clusters');
    await clickPixel(im.cx, im.cy);
    const coarse = await expectSelection(im.cx, im.cy, labelMap(im, labelFns.level(3)), gt);
    expect(coarse.want).toBeGreaterThan(0.85);

    // finer level: the same click now selects one quadrant of the disc, Dice updates live
    await page.fill('#granularity', '2');
    await page.waitForSelector('#stage[data-ready="diffusion_levels:1"]');
    const fine = await expectSelection(im.cx, im.cy, labelMap(im, labelFns.level(1)), gt);
    expect(fine.area).toBeLessThan(coarse.area / 3);
    await page.screenshot({ path: '/tmp/cuts-viewer-detail.png', fullPage: true });

    // the downloaded PNG is exactly the selected mask (0/255)
    const href = (await page.getAttribute('#download-mask', 'href'))!;
    const bytes = await page.evaluate(
      async (u) => Array.from(new Uint8Array(await (await fetch(u)).arrayBuffer())),
      href,
    );
    const raw = await sharp(Buffer.from(bytes)).extractChannel(0).raw().toBuffer();
    expect(Array.from(raw)).toEqual(Array.from(fine.mask, (v) => v * 255));

    // per-label show/hide: hiding the clicked label clears its overlay pixels only
    await page.uncheck(`#colour-table input[data-label="${(await selection()).label}"]`);
    expect((await overlayPixel(im.cx, im.cy))[3]).toBe(0);
    expect((await overlayPixel(0, 0))[3]).toBe(Math.round(0.6 * 255));
    await page.click('button:has-text("hide all")');
    expect((await overlayPixel(0, 0))[3]).toBe(0);
    expect(
      await page.$$eval(
        '#colour-table input.label-toggle',
        (b) => b.filter((x) => (x as HTMLInputElement).checked).length,
      ),
    ).toBe(0);
    await page.click('button:has-text("show all")');
    expect((await overlayPixel(im.cx, im.cy))[3]).toBe(Math.round(0.6 * 255));

    // 16-bit label map decoded exactly in the browser
    await page.selectOption('#source', 'spectral_kmeans');
    await page.waitForSelector('#stage[data-ready="spectral_kmeans:"]');
    await clickPixel(10, 10);
    await expectSelection(10, 10, labelMap(im, labelFns.spectral_kmeans), gt);
    expect((await selection()).label).toBe(65535);
    await clickPixel(im.cx, im.cy);
    await expectSelection(im.cx, im.cy, labelMap(im, labelFns.spectral_kmeans), gt);
    expect((await selection()).label).toBe(1000);
  });

  it('summary page: method × protocol table and loss curve', async () => {
    await page.goto(`${server.url}#/summary`);
    await page.waitForSelector('#summary-table tbody tr');
    const rows = await page.$$eval('#summary-table tbody tr', (trs) =>
      trs.map((tr) => Array.from(tr.children, (td) => td.textContent)),
    );
    expect(rows.map((r) => r.slice(0, 4))).toEqual([
      ['kmeans', 'hint', '3', '0.577 ± 0.188'],
      ['spectral_kmeans', 'hint', '3', '0.657 ± 0.193'],
    ]);
    expect(await page.$$eval('#loss-plot svg path.series', (p) => p.map((e) => e.getAttribute('class')))).toEqual([
      'series train',
      'series val',
    ]);
    await page.screenshot({ path: '/tmp/cuts-viewer-summary.png', fullPage: true });
  });

  it('loaded nothing from outside the server and logged no errors', () => {
    expect(problems).toEqual([]);
  });

  it('refuses path traversal, from the browser and from a raw client', async () => {
    // Chromium resolves literal and %2e%2e dot segments itself (the request then stays inside
    // the app folder); encoded separators reach the server, which refuses them.
    const fromBrowser = await page.evaluate(async () => {
      const out: [number, string][] = [];
      for (const p of [
        'run/..%2foutside-secret.txt',
        'run/%2e%2e/outside-secret.txt',
        'run/labels/%2e%2e%2f%2e%2e%2foutside-secret.txt',
        '../outside-secret.txt',
      ]) {
        const r = await fetch(p);
        out.push([r.status, await r.text()]);
      }
      return out;
    });
    expect(fromBrowser.map(([s]) => s)).toEqual([403, 404, 403, 404]);
    for (const [, body] of fromBrowser) expect(body).not.toBe('secret');
    for (const p of [
      '/run/../outside-secret.txt',
      '/run/%2e%2e/outside-secret.txt',
      '/run/labels/../../outside-secret.txt',
    ]) {
      const r = await rawGet(server.port, p);
      expect([p, r.status]).toEqual([p, 403]);
      expect(r.body).not.toBe('secret');
    }
  });
});
