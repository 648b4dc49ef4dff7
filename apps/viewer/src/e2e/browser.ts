/**
 * Headless-browser helpers for the end-to-end tests of the viewer and of `cuts view`
 * (exported to other workspace packages as `@cuts/viewer/testing`; test-only, TypeScript
 * sources): Debian's chromium driven by playwright-core, a byte-exact GET, and a watch on a
 * page that records errors and requests leaving the viewer.
 */
import { existsSync } from 'node:fs';
import { request } from 'node:http';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's chromium (`apt-get install -y chromium`); override with CUTS_CHROMIUM. */
export const CHROMIUM_PATH = process.env.CUTS_CHROMIUM ?? '/usr/bin/chromium';
/** Whether a Chromium binary exists at `CHROMIUM_PATH`. */
export const haveChromium = existsSync(CHROMIUM_PATH);
/** In CI a missing browser is a failure, never a skip; locally a suite is skipped with this reason. */
export const chromiumSkipReason: string | null =
  !haveChromium && process.env.CI !== 'true'
    ? `skipped: no headless Chromium at ${CHROMIUM_PATH} (apt-get install -y chromium, or set CUTS_CHROMIUM)`
    : null;

/**
 * WebGL2 without a GPU (NiiVue needs it): ANGLE on SwiftShader, Chromium's bundled software
 * Vulkan renderer. Debian's chromium 156 falls back to it on its own, but newer builds only
 * do so with --enable-unsafe-swiftshader, so both are asked for explicitly. (--disable-gpu is
 * left out: it would turn WebGL off on builds without the automatic fallback.)
 */
export const WEBGL_SOFTWARE_ARGS = ['--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--ignore-gpu-blocklist'];

/** Starts headless Chromium (software WebGL2); throws naming the path when it is not installed. */
export async function launchChromium(): Promise<Browser> {
  if (!haveChromium) {
    throw new Error(
      `headless Chromium not found at ${CHROMIUM_PATH}: install Debian's chromium (apt-get install -y chromium) or set CUTS_CHROMIUM`,
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      ...WEBGL_SOFTWARE_ARGS,
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** GET with the path sent byte for byte (no client-side dot-segment normalisation, unlike fetch). */
export function rawGet(port: number, rawPath: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: rawPath }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/**
 * Records into `problems` every page error, every console error and every request that
 * leaves `origin` (blob: and data: URLs aside). zod (inside @cuts/eval) probes
 * `Function('')` once in a try/catch; the viewer's CSP refuses eval and Chromium logs that
 * refusal, zod falls back — that one console message is not a problem.
 */
export function watchPage(page: Page, origin: string, problems: string[]): void {
  const zodEvalProbe = /unsafe-eval|Note that 'script-src' was not explicitly set/;
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on(
    'console',
    (m) => m.type() === 'error' && !zodEvalProbe.test(m.text()) && problems.push(`console: ${m.text()}`),
  );
  page.on('request', (r) => {
    const u = r.url();
    if (!u.startsWith(origin) && !u.startsWith('blob:') && !u.startsWith('data:'))
      problems.push(`external request: ${u}`);
  });
}
