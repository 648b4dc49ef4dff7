/** Headless Chromium for end-to-end tests: Debian's package, driven by playwright-core. */
import { existsSync } from 'node:fs';
import { request } from 'node:http';
import { chromium, type Browser } from 'playwright-core';

/** Debian's chromium (`apt-get install -y chromium`); override with CUTS_CHROMIUM. */
export const CHROMIUM_PATH = process.env.CUTS_CHROMIUM ?? '/usr/bin/chromium';
export const haveChromium = existsSync(CHROMIUM_PATH);
/** In CI a missing browser is a failure, never a skip; locally the suite is skipped with this reason. */
export const chromiumSkipReason =
  !haveChromium && process.env.CI !== 'true' ? `skipped: no headless Chromium at ${CHROMIUM_PATH} (apt-get install -y chromium, or set CUTS_CHROMIUM)` : null;

export async function launchChromium(): Promise<Browser> {
  if (!haveChromium) {
    throw new Error(`headless Chromium not found at ${CHROMIUM_PATH}: install Debian's chromium (apt-get install -y chromium) or set CUTS_CHROMIUM`);
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
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
