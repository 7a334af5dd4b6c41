// icnn's wasm Log1p against Math.log1p (double precision, rounded to float32): within an ulp from 1e-30 to 1e30,
// near −1, and the special values; the stock kernel loses everything below x ≈ 1e-7.
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../initBackend';
import { registeredKernel } from '../testing/registeredKernel';

const decades = Array.from({ length: 61 }, (_, i) => 10 ** (i - 30));
const VALUES = Float32Array.from([...decades, ...decades.filter((v) => v < 1).map((v) => -v), -0.9999999, -0.5, 0, -0]);

describe('wasm Log1p', () => {
  beforeAll(async () => {
    await initBackend('wasm');
    await tf.setBackend('wasm');
  });

  it('is within one float32 ulp of log1p for every decade, small values included', () => {
    const tensors = tf.memory().numTensors;
    const got = tf.tidy(() => tf.log1p(tf.tensor1d(VALUES)).dataSync());
    expect(tf.memory().numTensors).toBe(tensors);
    VALUES.forEach((x, i) => {
      const want = Math.log1p(x);
      const ulp = Math.max(Math.abs(want), 1e-38) * 2 ** -23;
      expect(Math.abs(got[i] - want), `log1p(${x}) = ${want}, got ${got[i]}`).toBeLessThanOrEqual(ulp);
    });
  });

  it('keeps the special values: −1 → −∞, below −1 and NaN → NaN, ∞ → ∞', () => {
    const got = tf.tidy(() => Array.from(tf.log1p(tf.tensor1d([-1, -2, Number.NaN, Number.POSITIVE_INFINITY])).dataSync()));
    expect(got).toEqual([Number.NEGATIVE_INFINITY, Number.NaN, Number.NaN, Number.POSITIVE_INFINITY]);
  });

  it('still differentiates (the gradient is 1 / (1 + x))', () => {
    const g = tf.tidy(() => Array.from(tf.grad((v: tf.Tensor) => tf.sum(tf.log1p(v)))(tf.tensor1d([0, 1, 3])).dataSync()));
    expect(g).toEqual([1, 0.5, 0.25]);
  });

  it("registers icnn's Log1p on wasm", () => {
    expect(String(registeredKernel('Log1p', 'wasm').kernelFunc)).toContain('typedArrayFromHeap');
  });
});
