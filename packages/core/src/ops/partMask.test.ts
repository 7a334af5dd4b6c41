import * as tf from '@tensorflow/tfjs-core';
import { describeBackends, expectNoLeaks, relativeError } from '@icnn/test-utils';
import { expect, it } from 'vitest';
import { randomMaps } from '../testing/randomMaps';
import { argmaxCell, at, maskAt, type Maps } from '../testing/reference64';
import { maskValues } from './maskValues';
import { partMask } from './partMask';

function referenceMasked(maps: Maps, variant: 'paper' | 'authors', beta: number[], scale: 'tau' | 'unit') {
  const masked: number[] = [];
  const passing: number[] = [];
  for (let b = 0; b < maps.b; b++) {
    for (let i = 0; i < maps.n; i++) {
      for (let j = 0; j < maps.n; j++) {
        for (let c = 0; c < maps.c; c++) {
          const m = maskAt(maps, b, i, j, c, variant, beta[c], scale);
          masked.push(Math.max(maps.data[at(maps, b, i, j, c)] * m, 0));
          passing.push(Math.max(m, 0));
        }
      }
    }
  }
  return { masked, passing };
}

describeBackends('partMask', () => {
  it.each([
    ['paper', 'unit', [4, 4, 4]],
    ['paper', 'tau', [4, 4, 4]],
    ['authors', 'unit', [2, 2, 2]],
    ['authors', 'unit', [1.5, 2.5, 3]],
  ] as const)('%s mask (%s scale, β %j) matches SPEC §2, and its gradient is dy ∘ max(mask, 0)', async (variant, scale, beta) => {
    const { maps, x } = randomMaps(17, 3, 7, 3, 5);
    const betaOption = new Set(beta).size === 1 ? beta[0] : tf.tensor1d([...beta]);
    const expected = referenceMasked(maps, variant, [...beta], scale);
    const upstream = tf.randomUniform(x.shape, -1, 1, 'float32', 3);
    const [y, dx] = await expectNoLeaks(() =>
      tf.tidy(() => {
        const f = (v: tf.Tensor) => partMask(v as tf.Tensor4D, { variant, maskScale: scale, beta: betaOption });
        return [f(x), tf.grad((v: tf.Tensor) => tf.sum(tf.mul(f(v), upstream)))(x)];
      }),
    );
    expect(relativeError(Array.from(await y.data()), expected.masked)).toBeLessThan(1e-6);
    const dy = await upstream.data();
    expect(relativeError(Array.from(await dx.data()), expected.passing.map((p, i) => p * dy[i]))).toBeLessThan(1e-6);
    tf.dispose([x, y, dx, upstream, betaOption as tf.Tensor]);
  });

  it('builds the paper mask with the l2 distance when asked (norm: l2)', async () => {
    const { maps, x } = randomMaps(23, 2, 6, 3, 5);
    const expected: number[] = [];
    for (let b = 0; b < maps.b; b++) {
      for (let i = 0; i < maps.n; i++) {
        for (let j = 0; j < maps.n; j++) {
          for (let c = 0; c < maps.c; c++) {
            const [mi, mj] = argmaxCell(maps, b, c);
            expected.push(Math.max(1 - (3 * Math.hypot(i - mi, j - mj)) / maps.n, -1));
          }
        }
      }
    }
    const mask = await expectNoLeaks(() => maskValues(x, { variant: 'paper', norm: 'l2', beta: 3 }));
    expect(relativeError(Array.from(await mask.data()), expected)).toBeLessThan(1e-6);
    tf.dispose([x, mask]);
  });

  it('takes the first maximum in row-major order on ties (paper), and (0, 0) for an all-zero map (authors)', async () => {
    const x = tf.tensor4d([0, 3, 0, 3, 0, 0, 0, 0, 3], [1, 3, 3, 1]);
    const paper = await maskValues(x).data();
    expect(paper[1]).toBe(1); // the peak is cell (0, 1), the first of the three maxima
    expect(paper[0]).toBeCloseTo(1 - 4 / 3, 6); // one cell from the peak
    expect(paper[3]).toBe(-1); // two cells away: 1 − 8/3 clipped at −1
    const zero = tf.zeros([1, 3, 3, 1]) as tf.Tensor4D;
    const authors = await maskValues(zero, { variant: 'authors' }).data();
    expect(authors[0]).toBe(1);
    expect(authors[8]).toBe(-1); // 1 − 2·(2 + 2) clipped at −1
    tf.dispose([x, zero]);
  });

  it('rounds a centroid half-way between cells up, as MATLAB does', async () => {
    // mass at rows 0 and 1 equally: centroid row 0.5 → floor(0.5 + 0.5) = 1 (tf.round would give 0)
    const x = tf.tensor4d([1, 0, 1, 0], [1, 2, 2, 1]);
    const mask = await maskValues(x, { variant: 'authors', beta: 0.25 }).data();
    // centroid (0.5, 0) → (1, 0); positions on linspace(−1, 1, 2) are 2 apart
    expect(Array.from(mask)).toEqual([0.5, 0, 1, 0.5]);
    x.dispose();
  });

  it.each(['paper', 'authors'] as const)("placement 'centre' (%s) centres every map's mask on ((n−1)/2, (n−1)/2), whatever the map", async (variant) => {
    const n = 4;
    const x = tf.randomUniform([3, n, n, 2], 0, 5, 'float32', 11) as tf.Tensor4D;
    const beta = 1.5;
    const mask = await expectNoLeaks(() => maskValues(x, { variant, beta, placement: 'centre' }));
    const values = await mask.data();
    const centre = (n - 1) / 2;
    // authors: positions on linspace(−1, 1, n) → cells 2/(n − 1) apart; paper (unit scale): β·d/n
    const perCell = variant === 'authors' ? beta * (2 / (n - 1)) : beta / n;
    for (let b = 0; b < 3; b++) for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) for (let c = 0; c < 2; c++) {
      const d = Math.abs(i - centre) + Math.abs(j - centre);
      expect(values[((b * n + i) * n + j) * 2 + c]).toBeCloseTo(Math.max(1 - perCell * d, -1), 5);
    }
    expect(() => partMask(x, { placement: 'middle' as never })).toThrow(/partMask: 'placement' must be one of/);
    tf.dispose([x, mask]);
  });

  it.each(['paper', 'authors'] as const)('maskValues (%s) called on its own leaves no tensors behind', async (variant) => {
    const x = tf.randomUniform([2, 5, 5, 3], 0, 1, 'float32', 8) as tf.Tensor4D;
    const mask = await expectNoLeaks(() => maskValues(x, { variant }));
    tf.dispose([x, mask]);
  });

  it('rejects bad input, naming the argument', () => {
    expect(() => partMask(tf.zeros([3, 3, 1]) as never)).toThrow(/partMask: 'x' must be rank 4/);
    expect(() => partMask(tf.zeros([1, 3, 3, 2]) as tf.Tensor4D, { variant: 'authors', beta: tf.ones([3]) as tf.Tensor1D })).toThrow(
      /partMask: 'beta' must be a number or a Tensor1D \[C = 2\]/,
    );
    expect(() => partMask(tf.zeros([1, 3, 3, 2]) as tf.Tensor4D, { variant: 'fancy' as never })).toThrow(/'variant' must be one of/);
  });
});
