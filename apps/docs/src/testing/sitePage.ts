// Helpers of the browser tests: open a page of the served site recording console errors and uncaught exceptions,
// wait for live examples, read what they published, save screenshots as test artefacts.
import { mkdirSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';

export const ARTIFACTS_DIR = resolve(fileURLToPath(new URL('../../test-artifacts', import.meta.url)));

export interface SitePage {
  page: Page;
  /** Console errors and uncaught exceptions seen so far. */
  errors: string[];
  /** Every URL the page requested. */
  requests: string[];
}

export async function openSitePage(browser: Browser, url: string): Promise<SitePage> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors: string[] = [];
  const requests: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console.error: ${message.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`uncaught: ${error.message}`));
  page.on('request', (request) => requests.push(request.url()));
  page.on('requestfailed', (request) => errors.push(`request failed: ${request.url()} (${request.failure()?.errorText})`));
  page.on('response', (response) => {
    if (response.status() >= 400) errors.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  await page.goto(url, { waitUntil: 'load' });
  return { page, errors, requests };
}

/** The live examples' tags on the page. */
export async function exampleTags(page: Page): Promise<string[]> {
  return page.evaluate(() => Array.from(document.querySelectorAll('*'), (e) => e.localName).filter((t) => t.startsWith('icnn-')));
}

/**
 * Waits until the example `selector` has published at least `updates` results (`data-updates`), or failed
 * (`data-error`, thrown here).
 */
export async function waitForUpdates(page: Page, selector: string, updates = 1, timeout = 60_000): Promise<void> {
  await page.waitForFunction(
    ([sel, count]) => {
      const element = document.querySelector(sel as string) as HTMLElement | null;
      return element !== null && (element.dataset.error !== undefined || Number(element.dataset.updates ?? 0) >= (count as number));
    },
    [selector, updates] as const,
    { timeout },
  );
  const error = await page.$eval(selector, (e) => (e as HTMLElement).dataset.error);
  if (error !== undefined) throw new Error(`${selector} failed: ${error}`);
}

/** The example's published state (`data-state`, JSON). */
export async function exampleState<T>(page: Page, selector: string): Promise<T> {
  const text = await page.$eval(selector, (e) => (e as HTMLElement).dataset.state ?? 'null');
  return JSON.parse(text) as T;
}

/** The number of results the example has published. */
export async function updateCount(page: Page, selector: string): Promise<number> {
  return page.$eval(selector, (e) => Number((e as HTMLElement).dataset.updates ?? 0));
}

/** Saves a screenshot under test-artifacts/ (the page, or one element). */
export async function screenshot(page: Page, name: string, selector?: string): Promise<string> {
  const path = join(ARTIFACTS_DIR, `${name}.png`);
  mkdirSync(dirname(path), { recursive: true });
  if (selector) await page.locator(selector).screenshot({ path });
  else await page.screenshot({ path, fullPage: true });
  return path;
}

/** The site's pages: every .html under `root` but the 404 page and the API reference (whose index stands for it). */
export function sitePages(root: string): string[] {
  const pages: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) {
        if (relative(root, path) !== 'api' && entry !== 'assets') walk(path);
      } else if (entry.endsWith('.html') && entry !== '404.html') {
        pages.push(`/${relative(root, path).replace(/\\/g, '/')}`);
      }
    }
  };
  walk(root);
  return [...pages.sort(), '/api/index.html'];
}

/** Polls the example's published state until `accept` holds for it (after an input, the example recomputes). */
export async function stateWhen<T>(page: Page, selector: string, accept: (state: T) => boolean, timeout = 30_000): Promise<T> {
  const started = Date.now();
  let last: T | null = null;
  while (Date.now() - started < timeout) {
    const error = await page.$eval(selector, (e) => (e as HTMLElement).dataset.error);
    if (error !== undefined) throw new Error(`${selector} failed: ${error}`);
    last = await exampleState<T>(page, selector);
    if (last !== null && accept(last)) return last;
    await page.waitForTimeout(100);
  }
  throw new Error(`${selector}: its state did not reach the expected value in ${timeout} ms; last: ${JSON.stringify(last).slice(0, 400)}`);
}

/** Clicks the centre of cell [row, column] of an n×n map drawn on `canvas`. */
export async function clickCell(page: Page, canvas: string, n: number, cell: readonly [number, number]): Promise<void> {
  const box = await page.locator(canvas).boundingBox();
  if (box === null) throw new Error(`${canvas} is not visible`);
  await page.locator(canvas).click({ position: { x: ((cell[1] + 0.5) * box.width) / n, y: ((cell[0] + 0.5) * box.height) / n } });
}
