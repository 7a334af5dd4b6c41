import * as tf from '@tensorflow/tfjs-core';
import { createTemplates, disposeTemplates } from '@icnn/templates';
import { describeBackends, expectNoLeaks, relativeError } from '@icnn/test-utils';
import { expect, it } from 'vitest';
import { blobMaps } from '../testing/randomMaps';
import { at, maskAt, type Maps } from '../testing/reference64';
import { filterLoss } from '../ops/filterLoss';

/** SPEC §3.2 `authors`, in float64, straight from the formulas (no shift, moderate activations). */
function authorsReference(maps: Maps, member: boolean[][], wPos: number[], wNeg: number[], beta: number, epoch: number, norm: number): Float64Array {
  const a = 0.5;
  const { b: B, n, c: C } = maps;
  const hw = n * n;
  const out = new Float64Array(maps.data.length);
  const meanHw = (b: number, c: number, f: (i: number, j: number) => number) => {
    let s = 0;
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) s += maps.data[at(maps, b, i, j, c)] * f(i, j);
    return s / hw;
  };
  for (let d = 0; d < C; d++) {
    const s = Array.from({ length: B }, (_, b) => meanHw(b, d, (i, j) => maskAt(maps, b, i, j, d, 'authors', beta)));
    const crossed = Array.from({ length: B }, (_, b) => meanHw(b, d, (i, j) => maskAt(maps, B - 1 - b, i, j, C - 1 - d, 'authors', beta)));
    const sBar = Array.from({ length: B }, (_, b) => meanHw(b, d, () => 1));
    const aLogZPlus = a * Math.log(crossed.reduce((acc, v) => acc + Math.exp(v / a), 0) / B);
    const aLogZMinus = a * Math.log(sBar.reduce((acc, v) => acc + Math.exp(-v / a), 0) / B);
    const pos = [...Array(B).keys()].filter((b) => member[b][d]);
    const neg = [...Array(B).keys()].filter((b) => !member[b][d]);
    const wp = pos.map((b) => Math.exp(s[b] / a) * (s[b] - aLogZPlus + a));
    const wn = neg.map((b) => Math.exp(-sBar[b] / a) * (-sBar[b] - aLogZMinus + a));
    const mp = wp.reduce((x, y) => x + y, 0) / wp.length;
    const mn = wn.reduce((x, y) => x + y, 0) / wn.length;
    pos.forEach((b, k) => {
      const w = wp[k] / (mp * norm * epoch);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) out[at(maps, b, i, j, d)] = -maskAt(maps, b, i, j, d, 'authors', beta) * w * 1e-5 * wPos[d];
    });
    neg.forEach((b, k) => {
      const w = wn[k] / (mn * norm * epoch);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) out[at(maps, b, i, j, d)] = w * 1e-5 * wNeg[d];
    });
  }
  return out;
}

describeBackends('authors gradient', () => {
  it('matches the float64 formula for one category (reversed-mask log Z⁺, per-group normalisation, 1/epoch)', async () => {
    const t = createTemplates({ n: 5 });
    const { maps, x } = blobMaps(8, 6, 5, 3, 2);
    const labels = tf.tensor1d([1, -1, 1, 1, -1, 1]);
    const grad = await expectNoLeaks(() =>
      tf.grad((v: tf.Tensor) => filterLoss(v as tf.Tensor4D, t, { gradient: 'authors', labels, reduction: 'sum', epoch: 3 }))(x),
    );
    const member = [1, -1, 1, 1, -1, 1].map((l) => Array(3).fill(l > 0));
    const expected = authorsReference(maps, member, [1, 1, 1], [1, 1, 1], 2, 3, 10);
    expect(relativeError(Array.from(await grad.data()), Array.from(expected))).toBeLessThan(1e-4);
    tf.dispose([x, labels, grad]);
    disposeTemplates(t);
  });

  it('balances categories by density with ≤ 10 classes and uses the softmax normaliser', async () => {
    const t = createTemplates({ n: 4 });
    const { maps, x } = blobMaps(12, 6, 4, 2, 1.5);
    const rows = [[1, 0, 0], [0, 1, 0], [1, 0, 0], [0, 0, 1], [0, 1, 0], [1, 0, 0]];
    const labels = tf.tensor2d(rows);
    const categories = [0, 1];
    const beta = tf.tensor1d([2.5, 2.5]);
    const grad = tf.grad((v: tf.Tensor) =>
      filterLoss(v as tf.Tensor4D, t, { gradient: 'authors', labels, filterCategories: categories, classifier: 'softmax', reduction: 'sum', beta }),
    )(x);
    const density = [3 / 6, 2 / 6];
    const member = rows.map((r) => categories.map((c) => r[c] > 0));
    const expected = authorsReference(maps, member, density.map((d) => 0.5 / d), density.map((d) => 0.5 / (1 - d)), 2.5, 1, 50);
    expect(relativeError(Array.from(await grad.data()), Array.from(expected))).toBeLessThan(1e-4);
    tf.dispose([x, labels, grad, beta]);
    disposeTemplates(t);
  });
});
