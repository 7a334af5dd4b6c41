// Every page of the built site, in headless Chromium: it loads with no console error and no uncaught exception, shows
// its content, every live example on it produces a result, and a screenshot is kept (test-artifacts/pages/).
import { describe, expect, it } from 'vitest';
import { CHROMIUM_MISSING, HAS_CHROMIUM } from '../testing/chromium';
import { SITE_DIR } from '../testing/serveSite.mjs';
import { exampleTags, openSitePage, screenshot, sitePages, waitForUpdates } from '../testing/sitePage';
import { useSiteSession } from '../testing/siteSession';

describe.skipIf(!HAS_CHROMIUM)(`site pages in Chromium${HAS_CHROMIUM ? '' : ` (${CHROMIUM_MISSING})`}`, () => {
  const session = useSiteSession();

  const pages = HAS_CHROMIUM ? sitePages(SITE_DIR) : [];

  it('finds the pages the site is made of', () => {
    expect(pages).toEqual(expect.arrayContaining(['/index.html', '/getting-started.html', '/concepts/templates.html', '/concepts/mask.html', '/concepts/loss.html', '/results.html', '/api/index.html']));
  });

  it.each(pages)('%s loads without console errors', async (path) => {
    const { page, errors } = await openSitePage(session.browser, `${session.url}${path}`);
    try {
      const heading = await page.locator('h1').first().textContent({ timeout: 15_000 });
      expect(heading?.trim().length).toBeGreaterThan(0);
      const tags = await exampleTags(page);
      // The training example runs only when asked; the others compute on load.
      for (const tag of tags.filter((t) => t !== 'icnn-training-demo')) await waitForUpdates(page, tag);
      await page.waitForLoadState('networkidle');
      await screenshot(page, `pages${path.replace(/\.html$/, '')}`);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  });
});
