// The loss figure's batches and terms in Node (cpu backend): the behaviour its page describes.
import { initBackend } from '@icnn/runtime';
import { beforeAll, describe, expect, it } from 'vitest';
import { lossBatch, lossTermsView, type LossBatchOptions } from './lossView';

const base: LossBatchOptions = { n: 7, batch: 24, withPart: 0.75, scale: 200, width: 0.8, jitter: 1, seed: 1 };
const terms = (changes: Partial<LossBatchOptions>) => {
  const options = { ...base, ...changes };
  return lossTermsView(lossBatch(options).maps, options.n);
};

describe('loss figure', () => {
  beforeAll(async () => {
    await initBackend('cpu');
  });

  it('draws the part on the requested share of the maps, at most `jitter` cells from the centre', () => {
    const { maps, hasPart } = lossBatch({ ...base, jitter: 1 });
    expect(hasPart.filter(Boolean)).toHaveLength(18);
    maps.forEach((map, b) => {
      const peak = map.indexOf(Math.max(...map));
      if (hasPart[b]) {
        expect(Math.max(...map)).toBeCloseTo(200, 0);
        expect(Math.abs(Math.floor(peak / 7) - 3)).toBeLessThanOrEqual(1);
        expect(Math.abs((peak % 7) - 3)).toBeLessThanOrEqual(1);
      } else {
        expect(Math.max(...map)).toBeLessThanOrEqual(10);
      }
    });
  });

  it('at a weak activation scale the maps barely tell templates apart: −MI ≈ 0, the entropies ≈ H(T)', async () => {
    const weak = await terms({ scale: 0.01 });
    expect(Math.abs(weak.loss)).toBeLessThan(1e-4);
    expect(weak.interCategoryEntropy + weak.spatialEntropy).toBeCloseTo(weak.priorEntropy, 3);
  });

  it('wider bumps raise the spatial term', async () => {
    const [narrow, wide] = await Promise.all([terms({ width: 0.6 }), terms({ width: 2.5 })]);
    expect(wide.spatialEntropy).toBeGreaterThan(narrow.spatialEntropy);
  });

  it('images without the part lower the inter-category entropy when the others fire strongly', async () => {
    const [all, some] = await Promise.all([terms({ withPart: 1 }), terms({ withPart: 0.5 })]);
    expect(some.interCategoryEntropy).toBeLessThan(all.interCategoryEntropy);
  });

  it('names a map of the wrong size', async () => {
    await expect(lossTermsView([new Float32Array(48)], 7)).rejects.toThrow(/maps\[0\] has 48 values, expected n·n = 49/);
  });
});
