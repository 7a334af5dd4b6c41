// Debian's Chromium, headless, through playwright-core (no browser download). The flags keep it off this machine's
// closed network (background networking, component updates, sync, QUIC) and off the GPU; playwright gives it a new
// empty profile.
import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const HAS_CHROMIUM = existsSync(CHROMIUM_PATH);
export const CHROMIUM_MISSING = `needs Chromium at ${CHROMIUM_PATH} (apt-get install chromium) or CHROMIUM_PATH`;

export async function launchChromium(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
