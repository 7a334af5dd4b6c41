import * as tf from '@tensorflow/tfjs-core';
import { createTemplates, disposeTemplates } from '@icnn/templates';
import { describeBackends, expectNoLeaks, relativeError } from '@icnn/test-utils';
import { expect, it } from 'vitest';
import { randomMaps } from '../testing/randomMaps';
import { terms } from '../testing/reference64';
import { filterLoss } from './filterLoss';
import { filterLossTerms } from './filterLossTerms';

describeBackends('filterLossTerms', () => {
  it.each([
    [3, 1],
    [4, 25],
    [5, 400],
  ])('matches the float64 decomposition and adds up to the loss (seed %i, scale %f)', async (seed, scale) => {
    const t = createTemplates({ n: 6 });
    const { maps, x } = randomMaps(seed, 5, 6, 3, scale);
    const got = await expectNoLeaks(() => filterLossTerms(x, t));
    const [loss, prior, inter, spatial] = await Promise.all(
      [got.loss, got.priorEntropy, got.interCategoryEntropy, got.spatialEntropy].map(async (v) => Array.from(await v.data())),
    );
    for (let c = 0; c < 3; c++) {
      const r = terms(maps, c);
      expect(relativeError([loss[c]], [r.loss])).toBeLessThan(1e-4);
      expect(relativeError([prior[c]], [r.priorEntropy])).toBeLessThan(1e-5);
      expect(relativeError([inter[c]], [r.interCategoryEntropy])).toBeLessThan(1e-4);
      expect(relativeError([spatial[c]], [r.spatialEntropy])).toBeLessThan(1e-4);
      // the identity of SPEC §3.1, in float64 to ~1e-15 and here to float32 precision of the largest term
      expect(Math.abs(r.loss - (-r.priorEntropy + r.interCategoryEntropy + r.spatialEntropy))).toBeLessThan(1e-12);
      expect(Math.abs(loss[c] - (-prior[c] + inter[c] + spatial[c]))).toBeLessThan(2e-5 * prior[c]);
    }
    const direct = filterLoss(x, t, { reduction: 'none' });
    expect(relativeError(Array.from(await direct.data()), loss)).toBeLessThan(1e-6);
    tf.dispose([x, direct, got.loss, got.priorEntropy, got.interCategoryEntropy, got.spatialEntropy]);
    disposeTemplates(t);
  });

  it('rejects maps that do not fit the templates', () => {
    const t = createTemplates({ n: 4 });
    expect(() => filterLossTerms(tf.zeros([2, 5, 5, 1]) as tf.Tensor4D, t)).toThrow(/filterLossTerms: 'templates' are for 4×4 maps/);
    disposeTemplates(t);
  });
});
