// The live examples in headless Chromium, each checked against the formulas of SPEC §1–3 computed here, outside the
// page: the template explorer's values, the mask playground's µ̂ and masked map, the loss figure's terms (also
// recomputed with @icnn/core in Node); and the WASM backend's threads with and without cross-origin isolation.
import * as tf from '@tensorflow/tfjs-core';
import { filterLossTerms } from '@icnn/core';
import { initBackend } from '@icnn/runtime';
import { createTemplates, disposeTemplates } from '@icnn/templates';
import { describe, expect, it } from 'vitest';
import { CHROMIUM_MISSING, HAS_CHROMIUM } from '../testing/chromium';
import { serveSite } from '../testing/serveSite.mjs';
import { clickCell, exampleState, openSitePage, screenshot, stateWhen, waitForUpdates } from '../testing/sitePage';
import { useSiteSession } from '../testing/siteSession';

interface TemplateState {
  n: number;
  beta: number;
  norm: 'l1' | 'l2';
  tau: number;
  alpha: number;
  mu: [number, number];
  index: number;
  peak: [number, number];
  probe: [number, number];
  probeValue: number;
  negativeValue: number;
  prior: { positive: number; negative: number };
}

interface MaskState {
  n: number;
  mu: [number, number];
  argmax: [number, number];
  map: number[];
  mask: number[];
  masked: number[];
  variant: 'paper' | 'authors';
  beta: number;
  preset: string;
}

interface LossState {
  loss: number;
  priorEntropy: number;
  interCategoryEntropy: number;
  spatialEntropy: number;
  options: { n: number; batch: number; jitter: number };
  maps: number[][];
}

const close = (actual: number, expected: number, relative = 1e-5, absolute = 1e-7) =>
  expect(Math.abs(actual - expected), `${actual} vs ${expected}`).toBeLessThanOrEqual(absolute + relative * Math.abs(expected));

/** SPEC §1: t_ij = τ·max(1 − β·dist/n, −1). */
function templateValue(n: number, beta: number, norm: 'l1' | 'l2', mu: readonly number[], cell: readonly number[]): number {
  const di = cell[0] - mu[0];
  const dj = cell[1] - mu[1];
  const dist = norm === 'l1' ? Math.abs(di) + Math.abs(dj) : Math.hypot(di, dj);
  return (0.5 / (n * n)) * Math.max(1 - (beta * dist) / n, -1);
}

describe.skipIf(!HAS_CHROMIUM)(`live examples in Chromium${HAS_CHROMIUM ? '' : ` (${CHROMIUM_MISSING})`}`, () => {
  const session = useSiteSession();

  it('runs WASM with threads when the page is cross-origin isolated', async () => {
    const { page, errors, requests } = await openSitePage(session.browser, 'about:blank');
    // tfjs-wasm sizes its pool to half the logical cores: present 4 so that two threads are possible on any machine.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Emulation.setHardwareConcurrencyOverride', { hardwareConcurrency: 4 });
    await page.goto(`${session.url}/concepts/templates.html`);
    await waitForUpdates(page, 'icnn-template-explorer');
    const backend = JSON.parse((await page.$eval('icnn-template-explorer', (e) => (e as HTMLElement).dataset.backend)) ?? '{}');
    expect(backend).toEqual({ backend: 'wasm', threads: 2, simd: true, crossOriginIsolated: true });
    expect(requests.some((url) => url.endsWith('/wasm/tfjs-backend-wasm-threaded-simd.wasm'))).toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('runs WASM on one thread, saying why, without COOP/COEP', async () => {
    const plain = await serveSite({ isolation: false });
    try {
      const { page, errors } = await openSitePage(session.browser, `${plain.url}/concepts/templates.html`);
      await waitForUpdates(page, 'icnn-template-explorer');
      const backend = JSON.parse((await page.$eval('icnn-template-explorer', (e) => (e as HTMLElement).dataset.backend)) ?? '{}');
      expect(backend).toMatchObject({ backend: 'wasm', threads: 1, crossOriginIsolated: false });
      expect(await page.locator('icnn-template-explorer .status').textContent()).toContain('not cross-origin isolated');
      expect(errors).toEqual([]);
      await page.close();
    } finally {
      await plain.close();
    }
  });

  it('says why when WebGPU is asked for and the browser has no adapter', async () => {
    // Chromium runs here with --disable-gpu: navigator.gpu exists but offers no adapter.
    const { page } = await openSitePage(session.browser, `${session.url}/concepts/templates.html?backend=webgpu`);
    await page.waitForFunction(() => (document.querySelector('icnn-template-explorer') as HTMLElement | null)?.dataset.error !== undefined, undefined, { timeout: 60_000 });
    const error = await page.$eval('icnn-template-explorer', (e) => (e as HTMLElement).dataset.error);
    expect(error).toMatch(/webgpu/i);
    expect(error).toMatch(/adapter/);
    expect(await page.locator('icnn-template-explorer .status').textContent()).toBe(error);
    await page.close();
  });

  it('template explorer: T_µ peaks at the clicked µ and its values follow SPEC §1', async () => {
    const { page, errors } = await openSitePage(session.browser, `${session.url}/concepts/templates.html`);
    const el = 'icnn-template-explorer';
    await waitForUpdates(page, el);
    const initial = await exampleState<TemplateState>(page, el);
    expect(initial.n).toBe(7);
    expect(initial.peak).toEqual(initial.mu);

    await page.locator(`${el} input[name=n]`).fill('9');
    await page.locator(`${el} input[name=beta]`).fill('3');
    await clickCell(page, `${el} canvas[data-role=template]`, 9, [6, 2]);
    await page.locator(`${el} input[name=probe-row]`).fill('3');
    await page.locator(`${el} input[name=probe-row]`).dispatchEvent('change');
    await page.locator(`${el} input[name=probe-col]`).fill('1');
    await page.locator(`${el} input[name=probe-col]`).dispatchEvent('change');
    let state = await stateWhen<TemplateState>(page, el, (s) => s.n === 9 && s.beta === 3 && s.mu[0] === 6 && s.mu[1] === 2 && s.probe[0] === 3 && s.probe[1] === 1);
    expect(state.peak).toEqual([6, 2]);
    expect(state.index).toBe(6 * 9 + 2);
    close(state.tau, 0.5 / 81);
    close(state.probeValue, templateValue(9, 3, 'l1', [6, 2], [3, 1])); // d = 4: τ·(1 − 12/9) = −τ/3
    close(state.negativeValue, -0.5 / 81);
    close(state.prior.positive, 1 / 82);
    close(state.prior.negative, 1 / 82);
    await screenshot(page, 'examples/template-explorer', el);

    await page.locator(`${el} select[name=norm]`).selectOption('l2');
    state = await stateWhen<TemplateState>(page, el, (s) => s.norm === 'l2');
    close(state.probeValue, templateValue(9, 3, 'l2', [6, 2], [3, 1])); // d = √10
    expect(state.peak).toEqual([6, 2]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('mask playground: µ̂ is the painted argmax (paper) or the rounded centroid (authors), and the masked map is max(x ∘ mask, 0)', async () => {
    const { page, errors } = await openSitePage(session.browser, `${session.url}/concepts/mask.html`);
    const el = 'icnn-mask-playground';
    await waitForUpdates(page, el);
    await page.locator(`${el} select[name=preset]`).selectOption('clear');
    await stateWhen<MaskState>(page, el, (s) => s.preset === 'clear' && s.map.every((v) => v === 0));
    await clickCell(page, `${el} canvas[data-role=input]`, 13, [4, 9]);
    let state = await stateWhen<MaskState>(page, el, (s) => s.map.some((v) => v > 0));
    const n = 13;
    expect(state.argmax).toEqual([4, 9]);
    expect(state.mu).toEqual([4, 9]);
    state.map.forEach((x, c) => {
      const d = Math.abs(Math.floor(c / n) - 4) + Math.abs((c % n) - 9);
      const mask = Math.max(1 - (4 * d) / n, -1);
      close(state.mask[c], mask);
      close(state.masked[c], Math.max(x * mask, 0));
    });
    await screenshot(page, 'examples/mask-playground-paper', el);

    // A second, weaker bump: the authors' centroid moves towards it; the paper's argmax stays.
    await clickCell(page, `${el} canvas[data-role=input]`, n, [8, 3]);
    await page.locator(`${el} select[name=variant]`).selectOption('authors');
    state = await stateWhen<MaskState>(page, el, (s) => s.variant === 'authors' && s.beta === 2 && s.map[8 * n + 3] > 0.5);
    const mass = state.map.reduce((a, b) => a + b, 0);
    const centroid = [0, 1].map((axis) => Math.max(0, Math.floor(state.map.reduce((a, x, c) => a + x * (axis === 0 ? Math.floor(c / n) : c % n), 0) / mass + 0.5)));
    expect(state.mu).toEqual(centroid);
    expect(state.mu).not.toEqual(state.argmax);
    state.map.forEach((x, c) => {
      const d = Math.abs(Math.floor(c / n) - centroid[0]) + Math.abs((c % n) - centroid[1]);
      close(state.masked[c], Math.max(x * Math.max(1 - 2 * d * (2 / (n - 1)), -1), 0));
    });
    await screenshot(page, 'examples/mask-playground-authors', el);

    await page.locator(`${el} select[name=preset]`).selectOption('PartWorld part');
    state = await stateWhen<MaskState>(page, el, (s) => s.preset === 'PartWorld part');
    expect(Math.max(...state.map)).toBeGreaterThan(0.5);
    expect(await page.locator(`${el} figcaption[data-role=source-caption]`).textContent()).toContain('PartWorld sample');
    await screenshot(page, 'examples/mask-playground-partworld', el);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("loss figure: the terms add up to the loss, H(T) is the priors' entropy, and Node's @icnn/core agrees", async () => {
    const { page, errors } = await openSitePage(session.browser, `${session.url}/concepts/loss.html`);
    const el = 'icnn-loss-figure';
    await waitForUpdates(page, el);
    await page.locator(`${el} input[name=jitter]`).fill('2');
    const state = await stateWhen<LossState>(page, el, (s) => s.options.jitter === 2);
    const { n } = state.options;
    const cells = n * n;
    const alpha = cells / (1 + cells);
    close(state.priorEntropy, -(alpha * Math.log(alpha / cells) + (1 - alpha) * Math.log(1 - alpha)), 1e-5);
    close(state.loss, -state.priorEntropy + state.interCategoryEntropy + state.spatialEntropy, 1e-4, 1e-5);
    expect(state.loss).toBeLessThan(0);

    await initBackend('cpu');
    const templates = createTemplates({ n });
    const x = tf.tensor4d(state.maps.flat(), [state.maps.length, n, n, 1]);
    const terms = filterLossTerms(x, templates);
    close(state.loss, (await terms.loss.data())[0], 1e-4, 1e-6);
    close(state.interCategoryEntropy, (await terms.interCategoryEntropy.data())[0], 1e-4, 1e-6);
    close(state.spatialEntropy, (await terms.spatialEntropy.data())[0], 1e-4, 1e-6);
    tf.dispose([x, terms.loss, terms.priorEntropy, terms.interCategoryEntropy, terms.spatialEntropy]);
    disposeTemplates(templates);
    await screenshot(page, 'examples/loss-figure', el);
    expect(errors).toEqual([]);
    await page.close();
  });
});
