// The live training example in headless Chromium: a small interpretable CNN trains on PartWorld in the page, finishes
// at least one epoch with a location instability, its references, the filters' heat maps and the chart, and the
// stop button stops it for good.
import { describe, expect, it } from 'vitest';
import { CHROMIUM_MISSING, HAS_CHROMIUM } from '../testing/chromium';
import { exampleState, openSitePage, screenshot, stateWhen } from '../testing/sitePage';
import { useSiteSession } from '../testing/siteSession';

interface EpochFigures {
  epoch: number;
  loss: number;
  filterLoss: number;
  accuracy: number;
  instability: number;
  references: { mostFrequent: number; bestPosition: number; random: number } | null;
  imagesPerSecond: number;
  shownFilters: { filter: number; instability: number; images: number[] }[];
}

interface TrainingState {
  status: string;
  settings: { images: number; epochs: number; interpretable: boolean };
  progress: { epoch: number; batch: number; batches: number } | null;
  epochs: EpochFigures[];
}

describe.skipIf(!HAS_CHROMIUM)(`live training in Chromium${HAS_CHROMIUM ? '' : ` (${CHROMIUM_MISSING})`}`, () => {
  const session = useSiteSession();

  it('trains an epoch, shows instability and heat maps, and stops on Stop', async () => {
    const { page, errors } = await openSitePage(session.browser, `${session.url}/playground/training.html`);
    const el = 'icnn-training-demo';
    await stateWhen<TrainingState>(page, el, (s) => s.status === 'idle');
    await page.locator(`${el} input[name=images]`).fill('240');
    await page.locator(`${el} input[name=epochs]`).fill('6');
    const started = Date.now();
    await page.locator(`${el} button[name=start]`).click();

    const trained = await stateWhen<TrainingState>(page, el, (s) => s.epochs.length >= 1, 400_000);
    const seconds = (Date.now() - started) / 1000;
    // Stop at once: the run ends after the batch in progress (an epoch that was finishing may still report).
    await page.locator(`${el} button[name=stop]`).click();
    const stopped = await stateWhen<TrainingState>(page, el, (s) => s.status === 'stopped', 120_000);
    expect(stopped.epochs.length).toBeGreaterThanOrEqual(1);
    expect(stopped.epochs.length).toBeLessThan(6);
    await page.waitForTimeout(3000);
    const later = await exampleState<TrainingState>(page, el);
    expect(later.status).toBe('stopped');
    expect(later.epochs).toHaveLength(stopped.epochs.length);
    expect(later.progress).toEqual(stopped.progress);

    expect(trained.settings).toMatchObject({ images: 240, epochs: 6, interpretable: true });
    const [first] = trained.epochs;
    expect(first.epoch).toBe(1);
    expect(Number.isFinite(first.loss)).toBe(true);
    expect(first.filterLoss).toBeLessThanOrEqual(0);
    expect(first.instability).toBeGreaterThan(0);
    expect(first.instability).toBeLessThan(1);
    expect(first.references!.bestPosition).toBeGreaterThan(0);
    expect(first.shownFilters).toHaveLength(4);
    expect(first.shownFilters[0].instability).toBeLessThanOrEqual(first.instability);
    for (const shown of first.shownFilters) expect(shown.images).toHaveLength(4);
    const last = stopped.epochs[stopped.epochs.length - 1];
    const grid = await page.locator(`${el} canvas[data-role=filters]`).evaluate((c) => [(c as HTMLCanvasElement).width, (c as HTMLCanvasElement).height]);
    expect(grid).toEqual([4 + 4 * (96 + 4), 4 + 4 * (96 + 4)]);
    expect(await page.locator(`${el} [data-role=chart] svg circle`).count()).toBeGreaterThan(10);
    expect(await page.locator(`${el} table[data-role=epochs] tbody tr`).count()).toBe(stopped.epochs.length);
    expect(await page.locator(`${el} [data-role=filters-caption]`).textContent()).toContain(`Epoch ${last.epoch}: `);
    expect(await page.locator(`${el} [data-role=progress]`).textContent()).toContain('stopped');
    console.log(
      `e2e: first epoch after ${seconds.toFixed(0)} s (${first.imagesPerSecond.toFixed(1)} images/s); instability by epoch ` +
        `${stopped.epochs.map((e) => e.instability.toFixed(4)).join(', ')}; best fixed cell ${last.references!.bestPosition.toFixed(4)}`,
    );
    await screenshot(page, 'examples/training', el);
    expect(await page.locator(`${el} button[name=start]`).isEnabled()).toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  });
});
