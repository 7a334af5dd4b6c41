import * as tf from '@tensorflow/tfjs-core';
import { describeBackends, expectNoLeaks } from '@icnn/test-utils';
import { expect, it } from 'vitest';
import { randomMaps } from '../testing/randomMaps';
import { at, type Maps } from '../testing/reference64';
import { createCategoryEma, paperCategoryAssignment, updateCategoryEma } from './filterCategories';

function spatial(maps: Maps, b: number, c: number, reduce: 'max' | 'sum'): number {
  let acc = reduce === 'max' ? -Infinity : 0;
  for (let i = 0; i < maps.n; i++) {
    for (let j = 0; j < maps.n; j++) {
      const v = maps.data[at(maps, b, i, j, c)];
      acc = reduce === 'max' ? Math.max(acc, v) : acc + v;
    }
  }
  return acc;
}

describeBackends('filter → category assignment', () => {
  it('keeps the EMA of SPEC §3.3: first max(m, 0.1), then momentum 0.9; absent categories unchanged', async () => {
    const ema = createCategoryEma(3, 3);
    const a = randomMaps(1, 4, 4, 3, 0.05); // small maps: the first values are lifted to 0.1
    const b = randomMaps(2, 4, 4, 3, 2);
    const labelsA = tf.tensor2d([[1, -1, -1], [1, -1, -1], [-1, 1, -1], [-1, 1, -1]]); // no image of class 2
    const labelsB = tf.tensor2d([[1, -1, -1], [-1, 1, -1], [-1, -1, 1], [-1, -1, 1]]);
    await expectNoLeaks(() => updateCategoryEma(ema, a.x, labelsA));
    const categories = await updateCategoryEma(ema, b.x, labelsB);
    const mean = (maps: Maps, images: number[], c: number) => images.reduce((s, i) => s + spatial(maps, i, c, 'max'), 0) / images.length;
    for (let f = 0; f < 3; f++) {
      const first = [Math.max(mean(a.maps, [0, 1], f), 0.1), Math.max(mean(a.maps, [2, 3], f), 0.1)];
      const expected = [0.9 * first[0] + 0.1 * mean(b.maps, [0], f), 0.9 * first[1] + 0.1 * mean(b.maps, [1], f), Math.max(mean(b.maps, [2, 3], f), 0.1)];
      for (let l = 0; l < 3; l++) expect(ema.values[f * 3 + l]).toBeCloseTo(expected[l], 5);
      expect(categories[f]).toBe(expected.indexOf(Math.max(...expected)));
    }
    tf.dispose([a.x, b.x, labelsA, labelsB]);
  });

  it("gives the paper's assignment: argmax over categories of the mean summed activation", async () => {
    const { maps, x } = randomMaps(9, 6, 5, 4, 1);
    const labels = tf.cast(tf.oneHot(tf.tensor1d([0, 1, 1, 2, 0, 2], 'int32'), 3), 'float32') as tf.Tensor2D;
    const { means, categories } = await paperCategoryAssignment(x, labels);
    const groups = [[0, 4], [1, 2], [3, 5]];
    for (let f = 0; f < 4; f++) {
      const expected = groups.map((g) => g.reduce((s, i) => s + spatial(maps, i, f, 'sum'), 0) / g.length);
      expected.forEach((m, l) => expect(means[f * 3 + l]).toBeCloseTo(m, 4));
      expect(categories[f]).toBe(expected.indexOf(Math.max(...expected)));
    }
    tf.dispose([x, labels]);
  });

  it('rejects labels of the wrong shape', async () => {
    const x = tf.zeros([2, 3, 3, 2]) as tf.Tensor4D;
    await expect(updateCategoryEma(createCategoryEma(2, 3), x, tf.zeros([2, 2]) as tf.Tensor2D)).rejects.toThrow(
      /'labels' must be Tensor2D \[B = 2, L = 3\]/,
    );
    await expect(updateCategoryEma(createCategoryEma(5, 3), x, tf.zeros([2, 3]) as tf.Tensor2D)).rejects.toThrow(/has 2 filters but the EMA tracks 5/);
    x.dispose();
  });
});
