import * as tf from '@tensorflow/tfjs-core';
import { describeBackends, expectNoLeaks, relativeError } from '@icnn/test-utils';
import { describe, expect, it } from 'vitest';
import { createTemplates, disposeTemplates } from './createTemplates';

/** SPEC §1 written out independently in float64: t_ij for centre (mi, mj). */
function referenceTemplate(n: number, mi: number, mj: number, tau: number, beta: number, l2 = false): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const d = l2 ? Math.hypot(i - mi, j - mj) : Math.abs(i - mi) + Math.abs(j - mj);
      out.push(tau * Math.max(1 - (beta * d) / n, -1));
    }
  }
  return out;
}

describeBackends('createTemplates', () => {
  it('builds the n² positive templates in row-major order with the paper defaults', async () => {
    const n = 7;
    const t = await expectNoLeaks(() => createTemplates({ n }), (r) => [r.positive, r.negative, r.prior]);
    expect(t.tau).toBeCloseTo(0.5 / 49, 15);
    expect(t.beta).toBe(4);
    expect(t.alpha).toBeCloseTo(49 / 50, 15);
    expect(t.positive.shape).toEqual([49, 7, 7]);
    expect(t.negative.shape).toEqual([7, 7]);
    expect(t.prior.shape).toEqual([50]);
    const positive = await t.positive.data();
    for (const [mi, mj] of [[0, 0], [3, 5], [6, 6], [2, 0]]) {
      const k = mi * n + mj;
      const got = Array.from(positive.subarray(k * 49, (k + 1) * 49));
      expect(relativeError(got, referenceTemplate(n, mi, mj, 0.5 / 49, 4))).toBeLessThan(1e-6);
      expect(got[mi * n + mj]).toBeCloseTo(0.5 / 49, 7); // the peak sits at µ
    }
    const negative = await t.negative.data();
    expect(Array.from(negative).every((v) => Math.abs(v + 0.5 / 49) < 1e-9)).toBe(true);
    const prior = Array.from(await t.prior.data());
    expect(prior[49]).toBeCloseTo(1 / 50, 7);
    expect(prior.slice(0, 49).every((p) => Math.abs(p - 49 / 50 / 49) < 1e-8)).toBe(true);
    expect(prior.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
    disposeTemplates(t);
  });

  it('honours tau, beta, alpha and the l2 norm, and clips the templates at −τ', async () => {
    const t = createTemplates({ n: 5, tau: 0.3, beta: 6, alpha: 0.7, norm: 'l2' });
    const positive = await t.positive.data();
    const k = 1 * 5 + 3;
    expect(relativeError(Array.from(positive.subarray(k * 25, (k + 1) * 25)), referenceTemplate(5, 1, 3, 0.3, 6, true))).toBeLessThan(1e-6);
    expect(Math.min(...positive)).toBeCloseTo(-0.3, 6);
    const prior = await t.prior.data();
    expect(prior[0]).toBeCloseTo(0.7 / 25, 7);
    expect(prior[25]).toBeCloseTo(0.3, 7);
    disposeTemplates(t);
  });
});

describe('createTemplates input checks', () => {
  it.each([
    [{ n: 0 }, /'n' must be a positive integer/],
    [{ n: 2.5 }, /'n' must be a positive integer/],
    [{ n: 4, tau: -1 }, /'tau' must be a positive number/],
    [{ n: 4, beta: Number.NaN }, /'beta' must be a positive number/],
    [{ n: 4, alpha: 1 }, /'alpha' must be in \(0, 1\)/],
    [{ n: 4, norm: 'l3' }, /'norm' must be 'l1' or 'l2'/],
  ])('rejects %j', (options, message) => {
    const before = tf.memory().numTensors;
    expect(() => createTemplates(options as never)).toThrow(message);
    expect(tf.memory().numTensors).toBe(before);
  });
});
