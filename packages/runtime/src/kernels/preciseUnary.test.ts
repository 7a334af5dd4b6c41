// icnn's wasm Log1p, Sin and Selu against float64 references: within an ulp over every decade from 1e-30 to 1e30
// (either sign where defined), with the special values and gradients kept; the stock kernels fail the small
// arguments (log1p below ≈ 1e-7, sin and selu for small negatives).
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../initBackend';
import { registeredKernel } from '../testing/registeredKernel';

const decades = Array.from({ length: 61 }, (_, i) => 10 ** (i - 30));
const small = decades.filter((v) => v < 1);
const SELU_SCALE = 1.0507009873554804934193349852946;
const SELU_SCALE_ALPHA = 1.7580993408473768599402175208123;

const CASES = [
  { op: 'log1p', values: [...decades, ...small.map((v) => -v), -0.9999999, -0.5, 0], reference: Math.log1p },
  { op: 'sin', values: [...decades, ...decades.map((v) => -v), 0], reference: Math.sin },
  { op: 'selu', values: [...decades, ...small.map((v) => -v), -1, -10, -100, 0], reference: (x: number) => (x < 0 ? SELU_SCALE_ALPHA * Math.expm1(x) : SELU_SCALE * x) },
] as const;

describe('wasm Log1p, Sin, Selu in double precision', () => {
  beforeAll(async () => {
    await initBackend('wasm');
    await tf.setBackend('wasm');
  });

  it.each(CASES)('$op is within one float32 ulp of float64 for every decade, small arguments included', ({ op, values, reference }) => {
    const inputs = Float32Array.from(values);
    const tensors = tf.memory().numTensors;
    const got = tf.tidy(() => (tf[op] as (x: tf.Tensor) => tf.Tensor)(tf.tensor1d(inputs)).dataSync());
    expect(tf.memory().numTensors).toBe(tensors);
    inputs.forEach((x, i) => {
      const want = reference(x);
      const ulp = Math.max(Math.abs(want), 1e-38) * 2 ** -23;
      expect(Math.abs(got[i] - want), `${op}(${x}) = ${want}, got ${got[i]}`).toBeLessThanOrEqual(ulp);
    });
  });

  it('keeps the special values: log1p(−1) = −∞, below −1 and NaN → NaN, ∞ → ∞', () => {
    const got = tf.tidy(() => Array.from(tf.log1p(tf.tensor1d([-1, -2, Number.NaN, Number.POSITIVE_INFINITY])).dataSync()));
    expect(got).toEqual([Number.NEGATIVE_INFINITY, Number.NaN, Number.NaN, Number.POSITIVE_INFINITY]);
  });

  it('still differentiates (log1p′ = 1 / (1 + x), sin′ = cos)', () => {
    const [g1, g2] = tf.tidy(() => [
      Array.from(tf.grad((v: tf.Tensor) => tf.sum(tf.log1p(v)))(tf.tensor1d([0, 1, 3])).dataSync()),
      Array.from(tf.grad((v: tf.Tensor) => tf.sum(tf.sin(v)))(tf.tensor1d([0, Math.PI])).dataSync()),
    ]);
    expect(g1).toEqual([1, 0.5, 0.25]);
    expect(g2[0]).toBeCloseTo(1, 6);
    expect(g2[1]).toBeCloseTo(-1, 6);
  });

  it.each(['Log1p', 'Sin', 'Selu'])("registers icnn's %s on wasm", (name) => {
    expect(String(registeredKernel(name, 'wasm').kernelFunc)).toContain('typedArrayFromHeap');
  });
});
