import * as tf from '@tensorflow/tfjs-core';
import { describeBackends, expectNoLeaks, relativeError } from '@icnn/test-utils';
import { expect, it } from 'vitest';
import { blobMaps } from '../testing/randomMaps';
import { at, centroidCell, maskAt } from '../testing/reference64';
import { betaGradient } from './betaLearning';

describeBackends('β learning', () => {
  it('gives the pseudo-gradient (β* − β)·(−1e4)/B of SPEC §3.4, and 0 for a channel without positives', async () => {
    const { maps, x } = blobMaps(4, 5, 6, 3, 3);
    const beta = tf.tensor1d([2, 2.5, 1.8]);
    const labels = tf.tensor2d([[1, -1], [1, -1], [-1, 1], [1, -1], [-1, -1]]);
    const filterCategories = [0, 1, 0];
    const grad = await expectNoLeaks(() => betaGradient(x, beta, { labels, filterCategories }));
    const betas = [2, 2.5, 1.8];
    const expected = [0, 1, 2].map((c) => {
      const category = filterCategories[c];
      const positives = [0, 1, 2, 3, 4].filter((b) => (labels.arraySync() as number[][])[b][category] > 0);
      let num = 0;
      let den = 0;
      for (const b of positives) {
        const [mi, mj] = centroidCell(maps, b, c);
        let mass = 0;
        let spread = 0;
        let s = 0;
        for (let i = 0; i < maps.n; i++) {
          for (let j = 0; j < maps.n; j++) {
            const v = maps.data[at(maps, b, i, j, c)];
            mass += v;
            spread += ((i - mi) ** 2 + (j - mj) ** 2) * v;
            s += (v * maskAt(maps, b, i, j, c, 'authors', betas[c])) / (maps.n * maps.n);
          }
        }
        num += s * Math.sqrt(spread / Math.max(mass, 1e-9));
        den += s;
      }
      const target = Math.min(3, Math.max(1.5, 3 / (num / den)));
      return ((target - betas[c]) * -1e4) / maps.b;
    });
    expect(relativeError(Array.from(await grad.data()), expected)).toBeLessThan(1e-4);

    const none = betaGradient(x, beta, { labels: tf.fill([5], -1) as tf.Tensor1D });
    expect(Array.from(await none.data()).map(Math.abs)).toEqual([0, 0, 0]);
    tf.dispose([x, beta, labels, grad, none]);
  });
});
