import * as tf from '@tensorflow/tfjs-core';
import { createTemplates, disposeTemplates, type Templates } from '@icnn/templates';
import { describeBackends, expectNoLeaks, finiteDifferenceGradient, relativeError } from '@icnn/test-utils';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { blobMaps, randomMaps } from '../testing/randomMaps';
import { lossPerFilter, priors, scores, templateValue, type Maps, at, logSumExp } from '../testing/reference64';
import { filterLoss } from './filterLoss';
import { createRunningPartition } from '../gradients/runningPartition';

const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;

describeBackends('filterLoss', () => {
  let t5: Templates;
  beforeAll(() => {
    t5 = createTemplates({ n: 5 });
  });
  afterAll(() => disposeTemplates(t5));

  it.each([
    [4, 0.01],
    [1, 0.5],
    [2, 10],
    [3, 200],
  ])('equals the float64 −MI (seed %i, activations up to %f) under every reduction', async (seed, scale) => {
    const { maps, x } = randomMaps(seed, 6, 5, 4, scale);
    const expected = lossPerFilter(maps);
    const none = await expectNoLeaks(() => filterLoss(x, t5, { reduction: 'none' }));
    expect(none.shape).toEqual([4]);
    expect(relativeError(Array.from(await none.data()), expected)).toBeLessThan(5e-4);
    const meanLoss = filterLoss(x, t5);
    const sumLoss = filterLoss(x, t5, { reduction: 'sum' });
    expect(meanLoss.rank).toBe(0);
    expect(relativeError([(await meanLoss.data())[0]], [mean(expected)])).toBeLessThan(5e-4);
    expect(relativeError([(await sumLoss.data())[0]], [expected.reduce((a, b) => a + b)])).toBeLessThan(5e-4);
    tf.dispose([x, none, meanLoss, sumLoss]);
  });

  it('stays within 2e-5 of the float64 −MI from activations of 1e-2 to 1e4 (B = 32, n = 7, spread and blob maps)', async () => {
    // Weak activations exercise the series branch of φ, strong ones the underflow of p(x|T) for most images.
    const t7 = createTemplates({ n: 7 });
    for (const scale of [1e-2, 1, 100, 1e4]) {
      for (const make of [randomMaps, blobMaps]) {
        const { maps, x } = make(13, 32, 7, 3, scale);
        const got = await expectNoLeaks(() => filterLoss(x, t7, { reduction: 'none' }));
        expect(relativeError(Array.from(await got.data()), lossPerFilter(maps)), `${make.name} at ${scale}`).toBeLessThan(2e-5);
        tf.dispose([x, got]);
      }
    }
    disposeTemplates(t7);
  });

  it('has an exact gradient equal to finite differences of the float64 loss', async () => {
    const t3 = createTemplates({ n: 3 });
    for (const scale of [1, 30]) {
      const { maps, x } = randomMaps(7, 3, 3, 2, scale);
      const grad = await expectNoLeaks(() => tf.grad((v: tf.Tensor) => filterLoss(v as tf.Tensor4D, t3))(x));
      const numeric = finiteDifferenceGradient((d) => mean(lossPerFilter({ ...maps, data: d })), maps.data, 1e-6 * scale);
      expect(relativeError(Array.from(await grad.data()), Array.from(numeric))).toBeLessThan(2e-3);
      tf.dispose([x, grad]);
    }
    disposeTemplates(t3);
  });

  it('has the paper gradient of SPEC §3.2: the frozen-Z, frozen-p(x) single-template loss, times λ', async () => {
    const t3 = createTemplates({ n: 3 });
    const { maps, x } = randomMaps(11, 4, 3, 2, 20);
    const labels = tf.tensor1d([1, -1, 1, 1]);
    const grad = await expectNoLeaks(() =>
      tf.grad((v: tf.Tensor) => filterLoss(v as tf.Tensor4D, t3, { gradient: 'paper', labels, reduction: 'sum', epoch: 2, lambda0: 3 }))(x),
    );
    const got = await grad.data();
    const n2 = 9;
    const p = priors(3);
    for (let c = 0; c < 2; c++) {
      const S0 = scores(maps, c);
      const logZ = Array.from({ length: n2 + 1 }, (_, k) => logSumExp(S0.map((r) => r[k])));
      const logPx = -Math.log(maps.b); // Z_T is the batch sum, so p(x) = 1/B
      const chosen = S0.map((row, b) => {
        if (b === 1) return n2; // the negative image takes T⁻
        let best = 0;
        for (let k = 1; k < n2; k++) {
          const [i, j] = [Math.floor(k / 3), k % 3];
          const [bi, bj] = [Math.floor(best / 3), best % 3];
          if (maps.data[at(maps, b, i, j, c)] > maps.data[at(maps, b, bi, bj, c)]) best = k;
        }
        return best;
      });
      const surrogate = (d: Float64Array) => {
        const S = scores({ ...maps, data: d }, c);
        return S.reduce((sum, row, b) => {
          const k = chosen[b];
          return sum - p[k] * Math.exp(row[k] - logZ[k]) * (row[k] - logZ[k] - logPx);
        }, 0);
      };
      const numeric = finiteDifferenceGradient(surrogate, maps.data, 1e-5);
      let lambda = 0;
      for (let b = 0; b < maps.b; b++) {
        let mx = -Infinity;
        for (let i = 0; i < 9; i++) mx = Math.max(mx, maps.data[at(maps, b, Math.floor(i / 3), i % 3, c)]);
        lambda += mx / maps.b;
      }
      lambda *= 3 / 2; // λ₀ = 3, epoch 2
      const mine: number[] = [];
      const theirs: number[] = [];
      for (let b = 0; b < maps.b; b++) {
        for (let i = 0; i < 3; i++) {
          for (let j = 0; j < 3; j++) {
            mine.push(got[at(maps, b, i, j, c)]);
            theirs.push(lambda * numeric[at(maps, b, i, j, c)]);
          }
        }
      }
      expect(relativeError(mine, theirs)).toBeLessThan(2e-3);
    }
    tf.dispose([x, labels, grad]);
    disposeTemplates(t3);
  });

  it('keeps a running log Z_T for the paper gradient when given one', async () => {
    const partition = createRunningPartition(0.9);
    const labels = tf.ones([4]) as tf.Tensor1D;
    const a = randomMaps(1, 4, 5, 3, 5);
    const b = randomMaps(2, 4, 5, 3, 5);
    for (const { x } of [a, b]) {
      tf.dispose(tf.grad((v: tf.Tensor) => filterLoss(v as tf.Tensor4D, t5, { gradient: 'paper', labels, partition }))(x));
    }
    // After two batches: logaddexp(log 0.9 + logZ_a, log 0.1 + logZ_b), per filter and template.
    const za = scores(a.maps, 0).reduce((acc, row) => row.map((s, k) => logSumExp([acc[k], s])), Array(26).fill(-Infinity));
    const zb = scores(b.maps, 0).reduce((acc, row) => row.map((s, k) => logSumExp([acc[k], s])), Array(26).fill(-Infinity));
    const expected = za.map((z: number, k: number) => logSumExp([Math.log(0.9) + z, Math.log(0.1) + zb[k]]));
    const got = Array.from((await partition.logZ!.data()).slice(0, 26));
    expect(relativeError(got, expected)).toBeLessThan(1e-5);
    partition.dispose();
    tf.dispose([a.x, b.x, labels]);
  });

  it('gives finite values and gradients for activations up to 1e4', async () => {
    const { x } = randomMaps(5, 4, 5, 3, 1e4);
    const labels = tf.tensor1d([1, 1, -1, 1]);
    for (const gradient of ['exact', 'paper', 'authors'] as const) {
      const [value, grad] = tf.tidy(() => {
        const f = (v: tf.Tensor) => filterLoss(v as tf.Tensor4D, t5, { gradient, labels });
        return [f(x), tf.grad(f)(x)];
      });
      expect(Number.isFinite((await value.data())[0]), `${gradient} value`).toBe(true);
      expect(Array.from(await grad.data()).every(Number.isFinite), `${gradient} gradient`).toBe(true);
      tf.dispose([value, grad]);
    }
    tf.dispose([x, labels]);
  });

  it.each(['paper', 'authors'] as const)('lowers −MI when descending the %s gradient on a category-pure batch', async (gradient) => {
    const { x } = blobMaps(21, 8, 5, 4, 20);
    const labels = tf.ones([8]) as tf.Tensor1D;
    let maps = x;
    const before = (await filterLoss(maps, t5, { reduction: 'none' }).data()).slice();
    for (let step = 0; step < 30; step++) {
      const next = tf.tidy(() => {
        const g = tf.grad((v: tf.Tensor) => filterLoss(v as tf.Tensor4D, t5, { gradient, labels, reduction: 'sum' }))(maps);
        // A step of 2% of the activation scale along −g (per filter), kept ≥ 0 like post-ReLU maps.
        const size = tf.div(tf.mul(0.02 * 20, 1), tf.maximum(tf.max(tf.abs(g), [0, 1, 2], true), 1e-30));
        return tf.relu(tf.sub(maps, tf.mul(g, size))) as tf.Tensor4D;
      });
      maps.dispose();
      maps = next;
    }
    const after = await filterLoss(maps, t5, { reduction: 'none' }).data();
    for (let c = 0; c < 4; c++) expect(after[c], `filter ${c}: ${before[c]} → ${after[c]}`).toBeLessThan(before[c]);
    tf.dispose([maps, labels]);
  });

  it.each(['paper', 'authors'] as const)('takes %s-gradient options created inside the differentiated function', async (gradient) => {
    const { x } = blobMaps(3, 4, 5, 2, 2);
    const reference = tf.grad((v: tf.Tensor) => filterLoss(v as tf.Tensor4D, t5, { gradient, labels: tf.tensor1d([1, -1, 1, 1]), beta: tf.tensor1d([2, 2.5]) }))(x);
    const outside = { labels: tf.tensor1d([1, -1, 1, 1]), beta: tf.tensor1d([2, 2.5]) };
    const expected = tf.grad((v: tf.Tensor) => filterLoss(v as tf.Tensor4D, t5, { gradient, ...outside }))(x);
    expect(relativeError(Array.from(await reference.data()), Array.from(await expected.data()))).toBeLessThan(1e-6);
    tf.dispose([x, reference, expected, outside.labels, outside.beta]);
  });

  it('rejects bad input, naming the argument', () => {
    const x = tf.zeros([2, 5, 5, 3]) as tf.Tensor4D;
    const before = tf.memory().numTensors;
    expect(() => filterLoss(tf.zeros([5, 5, 3]) as never, t5)).toThrow(/'x' must be rank 4/);
    expect(() => filterLoss(tf.zeros([2, 5, 4, 3]) as never, t5)).toThrow(/'x' must hold square n×n maps/);
    expect(() => filterLoss(tf.zeros([2, 6, 6, 3]) as never, t5)).toThrow(/'templates' are for 5×5 maps but 'x' has 6×6/);
    expect(() => filterLoss(tf.fill([2, 5, 5, 3], Number.NaN) as never, t5)).toThrow(/'x' contains NaN at flat index 0/);
    expect(() => filterLoss(x, t5, { gradient: 'paper' })).toThrow(/'labels' are required/);
    expect(() => filterLoss(x, t5, { gradient: 'authors', labels: tf.ones([3]) as never })).toThrow(/'labels' must be Tensor1D \[B = 2\]/);
    expect(() => filterLoss(x, t5, { gradient: 'nope' as never })).toThrow(/'gradient' must be one of/);
    expect(() => filterLoss(x, t5, { reduction: 'max' as never })).toThrow(/'reduction' must be one of/);
    expect(() => filterLoss(x, t5, { epoch: 0 })).toThrow(/'epoch' must be a positive integer/);
    expect(() =>
      filterLoss(x, t5, { gradient: 'paper', labels: tf.ones([2, 3]) as never, filterCategories: [0, 1, 3] }),
    ).toThrow(/'filterCategories'\[2\] = 3/);
    // the tensors made for the bad calls above are the only ones left
    expect(tf.memory().numTensors).toBeLessThanOrEqual(before + 8);
    x.dispose();
  });
});

// Keep an eye on the reference itself: template values match SPEC §1 at the peak and the negative template.
it('reference64 templates', () => {
  expect(templateValue(5, 12, 2, 2)).toBeCloseTo(0.02, 12);
  expect(templateValue(5, 25, 0, 0)).toBeCloseTo(-0.02, 12);
  const maps: Maps = { data: new Float64Array(2 * 25), b: 2, n: 5, c: 1 };
  expect(lossPerFilter(maps)[0]).toBeCloseTo(0, 12); // identical maps carry no information
});
