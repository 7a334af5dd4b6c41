// The live training example on Web Workers in headless Chromium: on a cross-origin isolated page it trains on one
// worker per logical core (2 presented here), the same numbers twice; one worker gives exactly the numbers of the
// page's own thread; a page served without COOP/COEP trains on its own thread and says why.
import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { CHROMIUM_MISSING, HAS_CHROMIUM } from '../testing/chromium';
import { serveSite } from '../testing/serveSite.mjs';
import { exampleState, openSitePage, stateWhen } from '../testing/sitePage';
import { useSiteSession } from '../testing/siteSession';

interface TrainingState {
  status: string;
  run: number;
  workers: { workers: number; reason: string } | null;
  epochs: Record<string, unknown>[];
}

const EL = 'icnn-training-demo';

/** What must not depend on the run's timing: every figure of the epoch but its seconds and images/s. */
function figures(state: TrainingState) {
  return state.epochs.map(({ seconds: _seconds, imagesPerSecond: _imagesPerSecond, ...rest }) => rest);
}

/** Opens the training page (presenting `cores` logical cores, if given) and sets the smallest run it allows. */
async function openTraining(browser: Browser, url: string, cores?: number): Promise<{ page: Page; errors: string[]; requests: string[] }> {
  const opened = await openSitePage(browser, 'about:blank');
  if (cores !== undefined) {
    const cdp = await opened.page.context().newCDPSession(opened.page);
    await cdp.send('Emulation.setHardwareConcurrencyOverride', { hardwareConcurrency: cores });
  }
  const loading = Date.now();
  await opened.page.goto(url);
  console.log(`e2e: ${url.replace(/^.*\//, '')} loaded in ${((Date.now() - loading) / 1000).toFixed(1)} s`);
  await stateWhen<TrainingState>(opened.page, EL, (s) => s.status === 'idle' && s.workers !== null);
  // The smallest run: 60 images, one epoch (72 training crops in batches of 32, 32 and 8) and its evaluation.
  await opened.page.locator(`${EL} input[name=images]`).fill('60');
  await opened.page.locator(`${EL} input[name=epochs]`).fill('1');
  return opened;
}

async function trainOnce(page: Page): Promise<TrainingState> {
  const { run } = await exampleState<TrainingState>(page, EL);
  const started = Date.now();
  await page.locator(`${EL} button[name=start]`).click();
  const done = await stateWhen<TrainingState>(page, EL, (s) => s.run === run + 1 && s.status === 'done', 120_000);
  console.log(`e2e: ${page.url().replace(/^.*\//, '')} run ${done.run} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return done;
}

describe.skipIf(!HAS_CHROMIUM)(`live training on Web Workers in Chromium${HAS_CHROMIUM ? '' : ` (${CHROMIUM_MISSING})`}`, () => {
  const session = useSiteSession();

  it("trains on one worker per core, the same numbers twice; one worker gives the page thread's numbers", async () => {
    const started = Date.now();
    // ?threads=1: the page's own WASM (which evaluates, and trains when there are no workers) on one thread, as each
    // worker's, so that one worker and the page thread run the same binary the same way.
    const pooled = await openTraining(session.browser, `${session.url}/playground/training.html?threads=1`, 2);
    const first = await trainOnce(pooled.page);
    expect(first.workers).toEqual({ workers: 2, reason: 'one per logical core the browser reports (2), at most 4' });
    expect(await pooled.page.locator(`${EL} [data-role=workers]`).textContent()).toContain('Training on 2 Web Workers');
    // Under COEP the worker's script and the WASM binary it runs on loaded (every failed request is in `errors`).
    expect(pooled.requests.filter((url) => /\/assets\/trainingWorker-[\w-]+\.js$/.test(url))).toHaveLength(2);
    expect(pooled.requests.some((url) => url.endsWith('/wasm/tfjs-backend-wasm-threaded-simd.wasm'))).toBe(true);
    const second = await trainOnce(pooled.page);
    expect(first.epochs).toHaveLength(1);
    expect(figures(second)).toEqual(figures(first));

    const one = await openTraining(session.browser, `${session.url}/playground/training.html?threads=1&workers=1`);
    const onWorker = await trainOnce(one.page);
    expect(onWorker.workers?.workers).toBe(1);
    const here = await openTraining(session.browser, `${session.url}/playground/training.html?threads=1&workers=0`);
    const onPage = await trainOnce(here.page);
    expect(onPage.workers?.workers).toBe(0);
    expect(figures(onWorker)).toEqual(figures(onPage));
    // Two shards normalise and take the filter losses per shard: near one thread's numbers, not equal to them.
    const [a, b] = [figures(first)[0], figures(onPage)[0]] as { loss: number }[];
    expect(a.loss).not.toBe(b.loss);
    expect(Math.abs(a.loss - b.loss)).toBeLessThan(0.5);
    const perSecond = (s: TrainingState) => (s.epochs[0].imagesPerSecond as number).toFixed(1);
    console.log(
      `e2e: one epoch on 60 images — 2 workers ${perSecond(first)} and ${perSecond(second)} images/s, 1 worker ${perSecond(onWorker)}, ` +
        `page thread ${perSecond(onPage)}; ${((Date.now() - started) / 1000).toFixed(0)} s in all`,
    );
    for (const opened of [pooled, one, here]) {
      expect(opened.errors).toEqual([]);
      await opened.page.close();
    }
  });

  it("says it trains on the page's thread, and why, without COOP/COEP", async () => {
    const plain = await serveSite({ isolation: false });
    try {
      const { page, errors } = await openTraining(session.browser, `${plain.url}/playground/training.html`, 4);
      const state = await exampleState<TrainingState>(page, EL);
      expect(state.workers?.workers).toBe(0);
      const note = await page.locator(`${EL} [data-role=workers]`).textContent();
      expect(note).toContain("Training on this page's thread (no Web Workers)");
      expect(note).toContain('not cross-origin isolated');
      expect(errors).toEqual([]);
      await page.close();
    } finally {
      await plain.close();
    }
  });
});
