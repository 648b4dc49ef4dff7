/**
 * End to end: `cuts run` (in process, on 3 demo images) writes a run folder, the viewer
 * serves it, and real headless Chromium (Debian's package, driven by playwright-core)
 * moves the opacity and granularity sliders and clicks a pixel. The selected region's
 * label, area and Dice are checked against values computed here from the run's own PNG
 * files (decoded by sharp through @cuts/data, not by the viewer's decoder), with Dice from
 * @cuts/eval and by hand. Also: the server refuses path traversal.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { readRasterImage } from '@cuts/data';
import { dice, parseSummary } from '@cuts/eval';
import { parseTrainingLog, RUN_FILES } from '@cuts/run-folder';
import { startViewerServer, type ViewerServer } from '@cuts/viewer';
import { chromiumSkipReason, launchChromium, rawGet, watchPage } from '@cuts/viewer/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from './main.js';

/** The few DOM members the in-page callbacks use (this package compiles without the DOM lib). */
interface PageElement {
  getAttribute(name: string): string | null;
  getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> } };
}
declare const document: { querySelector(selector: string): PageElement | null };

/** The viewer's detail stage is 512 CSS pixels wide (apps/viewer/src/app/views/detail.ts). */
const STAGE_PX = 512;

interface Grid {
  width: number;
  height: number;
  data: Int32Array;
}

async function readLabels(file: string): Promise<Grid> {
  const r = await readRasterImage(file);
  expect(r.channels, file).toBe(1);
  return { width: r.width, height: r.height, data: Int32Array.from(r.data) };
}

/** Ground truth as 0/1: any non-zero pixel of the mask PNG is foreground. */
async function readGt(file: string): Promise<{ width: number; height: number; data: Uint8Array }> {
  const r = await readRasterImage(file);
  expect(r.channels, file).toBe(1);
  return { width: r.width, height: r.height, data: Uint8Array.from(r.data, (v) => (v > 0 ? 1 : 0)) };
}

const distinct = (g: Grid) => new Set(g.data).size;

/** 2|P∩G| / (|P| + |G|) with the reference's 1e-12 smoothing, written out here on purpose. */
function handDice(p: Uint8Array, g: Uint8Array): number {
  let inter = 0,
    np = 0,
    ng = 0;
  for (let i = 0; i < p.length; i++) {
    inter += p[i] & g[i];
    np += p[i];
    ng += g[i];
  }
  return (2 * inter + 1e-12) / (np + ng + 1e-12);
}

let dir = '';
let run = '';
let browser: Browser | undefined;
let server: ViewerServer | undefined;
let page: Page;
const problems: string[] = [];

if (chromiumSkipReason) console.warn(`view.e2e.test.ts: ${chromiumSkipReason}`);

describe.skipIf(chromiumSkipReason !== null)(
  `cuts run → viewer in headless Chromium${chromiumSkipReason ? ` (${chromiumSkipReason})` : ''}`,
  () => {
    beforeAll(async () => {
      browser = await launchChromium(); // first: under CI=true a missing browser fails here
      dir = await mkdtemp(path.join(tmpdir(), 'cuts-view-e2e-'));
      const cfg = path.join(dir, 'fast.yaml');
      await writeFile(cfg, 'data:\n  imageSize: 64\n');
      run = path.join(dir, 'run');
      const code = await main(['run', '--out', run, '--epochs', '2', '--demo-count', '3', '--quiet', '--config', cfg]);
      expect(code).toBe(0);
      await writeFile(path.join(dir, 'outside-secret.txt'), 'secret'); // beside the run, not in it
      server = await startViewerServer({ runDir: run, port: 0 });
      page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
      watchPage(page, server.url, problems);
    });

    afterAll(async () => {
      await browser?.close();
      await server?.close();
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    it('the gallery lists every image of the run', async () => {
      await page.goto(server!.url);
      await page.waitForSelector('#gallery tbody tr');
      const shown = await page.$$eval('#gallery tbody tr', (rows) => rows.map((r) => r.getAttribute('data-image')));
      expect([...shown].sort()).toEqual(['demo_001', 'demo_002', 'demo_003']);
    });

    it('detail view: opacity and granularity sliders, click-to-segment with area and Dice', async () => {
      const index = JSON.parse(await readFile(path.join(run, 'labels/diffusion_levels/index.json'), 'utf8')) as Record<
        string,
        number[]
      >;
      const name = 'demo_001';
      const order = index[name]; // coarse → fine, as the CLI wrote it
      expect(order.length).toBeGreaterThanOrEqual(2);
      const levelMap = (level: number) => readLabels(path.join(run, 'labels/diffusion_levels', name, `${level}.png`));
      const maps = await Promise.all(order.map(levelMap));
      const gt = await readGt(path.join(run, 'masks', `${name}.png`));
      const { width: W, height: H } = gt;
      for (const m of [gt, ...maps]) expect([m.width, m.height]).toEqual([64, 64]); // imageSize from the config file
      expect(distinct(maps[0])).toBeLessThan(distinct(maps[maps.length - 1]));

      // click target: the ground-truth pixel nearest the mask's centroid
      const fg = [...gt.data.keys()].filter((i) => gt.data[i] === 1).map((i) => ({ x: i % W, y: Math.floor(i / W) }));
      expect(fg.length).toBeGreaterThan(0);
      const cx = fg.reduce((a, p) => a + p.x, 0) / fg.length;
      const cy = fg.reduce((a, p) => a + p.y, 0) / fg.length;
      const d2 = (p: { x: number; y: number }) => (p.x - cx) ** 2 + (p.y - cy) ** 2;
      const { x: px, y: py } = fg.reduce((a, p) => (d2(p) < d2(a) ? p : a));

      await page.goto(`${server!.url}#/image/${encodeURIComponent(name)}`);
      const mid = order[Math.floor((order.length - 1) / 2)];
      await page.waitForSelector(`#stage[data-ready="diffusion_levels:${mid}"]`);

      // opacity slider: the overlay's alpha (fill mode, every label shown) follows it
      const overlayAlpha = (x: number, y: number) =>
        page.evaluate(
          ([x, y]) => document.querySelector('#overlay')!.getContext('2d').getImageData(x, y, 1, 1).data[3],
          [x, y],
        );
      await page.fill('#opacity', '80');
      expect(await page.textContent('#opacity-value')).toBe('80%');
      expect(await overlayAlpha(0, 0)).toBe(Math.round(0.8 * 255));
      await page.fill('#opacity', '20');
      expect(await overlayAlpha(px, py)).toBe(Math.round(0.2 * 255));

      const clickPixel = async (x: number, y: number) => {
        const box = (await page.locator('#stage').boundingBox())!;
        const s = STAGE_PX / W;
        await page.mouse.click(box.x + (x + 0.5) * s, box.y + (y + 0.5) * s);
      };
      const expectSelection = async (map: Grid) => {
        const label = map.data[py * W + px];
        const mask = Uint8Array.from(map.data, (v) => (v === label ? 1 : 0));
        const area = mask.reduce((a, b) => a + b, 0);
        const want = dice({ width: W, height: H, data: mask }, gt);
        expect(want).toBeCloseTo(handDice(mask, gt.data), 14);
        await page.waitForFunction(
          ([l, a]) => {
            const el = document.querySelector('#sel-info');
            return el?.getAttribute('data-label') === String(l) && el.getAttribute('data-area') === String(a);
          },
          [label, area],
        );
        const got = await page.$eval('#sel-info', (el) => ({
          x: el.getAttribute('data-x'),
          y: el.getAttribute('data-y'),
          dice: Number(el.getAttribute('data-dice')),
        }));
        expect(got).toEqual({ x: String(px), y: String(py), dice: want });
        expect(await page.textContent('#sel-label')).toBe(String(label));
        expect(await page.textContent('#sel-area')).toBe(String(area));
        expect(await page.textContent('#sel-dice')).toBe(want.toFixed(4));
        return { mask, area, want };
      };

      // granularity slider to the coarsest level, click the pixel: label, area and Dice as computed here
      await page.fill('#granularity', '0');
      await page.waitForSelector(`#stage[data-ready="diffusion_levels:${order[0]}"]`);
      expect(await page.textContent('#granularity-label')).toContain(
        `(index ${order[0]}, ${distinct(maps[0])} clusters)`,
      );
      await clickPixel(px, py);
      let prev = await expectSelection(maps[0]);
      const areas = [prev.area];
      // then every level up to the finest: the same click selects that level's cluster and the Dice updates live
      for (let pos = 1; pos < order.length; pos++) {
        await page.fill('#granularity', String(pos));
        await page.waitForSelector(`#stage[data-ready="diffusion_levels:${order[pos]}"]`);
        expect(await page.textContent('#granularity-label')).toContain(
          `level ${pos + 1} of ${order.length} (index ${order[pos]}, ${distinct(maps[pos])} clusters)`,
        );
        const cur = await expectSelection(maps[pos]);
        // condensation only merges clusters going coarser, so each finer region lies inside the coarser one
        expect(cur.mask.every((v, i) => v <= prev.mask[i])).toBe(true);
        areas.push(cur.area);
        prev = cur;
      }
      expect(areas[areas.length - 1]).toBeLessThan(areas[0]);
      const fine = prev;

      // the downloadable mask is the selected region (0/255 grey PNG)
      const href = (await page.getAttribute('#download-mask', 'href'))!;
      const bytes = await page.evaluate(
        async (u) => Array.from(new Uint8Array(await (await fetch(u)).arrayBuffer())),
        href,
      );
      const png = await sharp(Buffer.from(bytes)).extractChannel(0).raw().toBuffer({ resolveWithObject: true });
      expect([png.info.width, png.info.height]).toEqual([W, H]);
      expect(Array.from(png.data)).toEqual(Array.from(fine.mask, (v) => v * 255));
    });

    it("summary page: the table of summary.json and the loss curve of the run's own model/training-log.json", async () => {
      const log = parseTrainingLog(JSON.parse(await readFile(path.join(run, RUN_FILES.trainingLog), 'utf8')));
      const summary = parseSummary(JSON.parse(await readFile(path.join(run, RUN_FILES.summary), 'utf8')));
      expect(log.history).toHaveLength(2); // --epochs 2, in the trainer's {history, bestEpoch} form
      await page.goto(`${server!.url}#/summary`);
      await page.waitForSelector('#loss-plot svg');
      const series = await page.$$eval('#loss-plot svg path.series', (ps) =>
        ps.map((p) => [p.getAttribute('class'), p.getAttribute('d')]),
      );
      const finite = (k: 'trainLoss' | 'valLoss') =>
        log.history.filter((e) => e[k] != null && Number.isFinite(e[k])).length;
      const want = [
        ['series train', finite('trainLoss')],
        ...(finite('valLoss') > 0 ? [['series val', finite('valLoss')]] : []),
      ];
      expect(
        series.map(([cls, d]) => [cls, (d as string).split(/[ML]/).filter((v: string) => v.trim()).length]),
      ).toEqual(want);
      expect(await page.textContent('#best-epoch')).toBe(`best checkpoint: epoch ${log.bestEpoch} of 2`);
      const rows = Object.values(summary.metrics).reduce((n, byProtocol) => n + Object.keys(byProtocol).length, 0);
      expect(await page.$$eval('#summary-table tbody tr', (trs) => trs.length)).toBe(rows);
      expect(await page.$$eval('.error', (els) => els.map((e) => e.textContent))).toEqual([]);
    });

    it('loaded nothing from outside the server and logged no errors', () => {
      expect(problems).toEqual([]);
    });

    it('refuses path traversal and serves files inside the run', async () => {
      expect((await rawGet(server!.port, '/run/config.json')).status).toBe(200);
      for (const p of [
        '/run/../outside-secret.txt',
        '/run/%2e%2e/outside-secret.txt',
        '/run/labels/../../outside-secret.txt',
        '/run/..%2foutside-secret.txt',
      ]) {
        const r = await rawGet(server!.port, p);
        expect([p, r.status]).toEqual([p, 403]);
        expect(r.body).not.toContain('secret');
      }
      // from the page too (Chromium normalises literal dot segments itself; encoded separators reach the server)
      const fromBrowser = await page.evaluate(async () => {
        const r = await fetch('run/..%2foutside-secret.txt');
        return { status: r.status, body: await r.text() };
      });
      expect([403, 404]).toContain(fromBrowser.status);
      expect(fromBrowser.body).not.toContain('secret');
    });
  },
);
