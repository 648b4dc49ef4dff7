import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Debian's chromium (`apt-get install chromium`); override with CUTS_CHROMIUM. */
export const CHROMIUM_PATH = process.env.CUTS_CHROMIUM ?? '/usr/bin/chromium';
export const haveChromium = existsSync(CHROMIUM_PATH);
/** In CI a missing browser is a failure, never a skip. */
export const skipBrowserTests = !haveChromium && process.env.CI !== 'true';

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
