// The fixture every browser test file shares: the built site served with COOP/COEP, and one headless Chromium,
// started before the file's tests and closed after them.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchChromium } from './chromium';
import { serveSite } from './serveSite.mjs';

export interface SiteSession {
  readonly browser: Browser;
  readonly url: string;
}

export function useSiteSession(): SiteSession {
  let browser: Browser | undefined;
  let site: { url: string; close: () => Promise<void> } | undefined;
  beforeAll(async () => {
    site = await serveSite();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });
  return {
    get browser() {
      if (browser === undefined) throw new Error('useSiteSession: the browser is started in beforeAll');
      return browser;
    },
    get url() {
      if (site === undefined) throw new Error('useSiteSession: the site is served in beforeAll');
      return site.url;
    },
  };
}
