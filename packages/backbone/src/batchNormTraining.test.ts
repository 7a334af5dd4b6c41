// Training-mode batch norm against an independent float64 computation: its output and batch statistics, and its
// hand-written gradient against central finite differences of the float64 loss Σ w·y, on every backend.
import * as tf from '@tensorflow/tfjs-core';
import { describeBackends, finiteDifferenceGradient, relativeError, seededRandom, uniform } from '@icnn/test-utils';
import { expect, it } from 'vitest';
import { batchNormTraining } from './batchNormTraining';

const SHAPE: [number, number, number, number] = [3, 4, 5, 6];
const [N, H, W, C] = SHAPE;
const M = N * H * W;
const EPSILON = 1e-3;

/** Float64 reference: y, the per-channel mean and biased variance (NHWC, channel last). */
function reference(x: Float64Array, gamma: Float64Array, beta: Float64Array) {
  const mean = new Float64Array(C);
  const variance = new Float64Array(C);
  for (let i = 0; i < M * C; i++) mean[i % C] += x[i] / M;
  for (let i = 0; i < M * C; i++) variance[i % C] += (x[i] - mean[i % C]) ** 2 / M;
  const y = x.map((v, i) => (gamma[i % C] * (v - mean[i % C])) / Math.sqrt(variance[i % C] + EPSILON) + beta[i % C]);
  return { y, mean, variance };
}

function inputs(seed: number) {
  const random = seededRandom(seed);
  // Channels of different offsets and spreads, as real maps have.
  const x = uniform(random, M * C).map((v, i) => 3 * v * (1 + (i % C)) + (i % C) - 2);
  return { x, gamma: uniform(random, C, 0.5, 2), beta: uniform(random, C), w: uniform(random, M * C) };
}

describeBackends('batchNormTraining', () => {
  it('normalises with the batch mean and biased variance, as a float64 computation does', () => {
    const { x, gamma, beta } = inputs(1);
    const expected = reference(x, gamma, beta);
    const before = tf.memory().numTensors;
    const xs = tf.tensor4d(Float32Array.from(x), SHAPE);
    const [g, b] = [tf.tensor1d(Float32Array.from(gamma)), tf.tensor1d(Float32Array.from(beta))];
    const { y, mean, variance } = batchNormTraining(xs, g, b, EPSILON);
    expect(y.shape).toEqual(SHAPE);
    expect(relativeError(y.dataSync(), expected.y)).toBeLessThan(1e-5);
    expect(relativeError(mean.dataSync(), expected.mean)).toBeLessThan(1e-5);
    expect(relativeError(variance.dataSync(), expected.variance)).toBeLessThan(1e-5);
    tf.dispose([xs, g, b, y, mean, variance]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('has the gradient of Σ w·y in x, γ and β that finite differences of the float64 loss give, and frees its tensors', () => {
    const { x, gamma, beta, w } = inputs(2);
    const loss = (xv: Float64Array, gv: Float64Array, bv: Float64Array) => reference(xv, gv, bv).y.reduce((s, v, i) => s + w[i] * v, 0);
    const expected = {
      x: finiteDifferenceGradient((v) => loss(v, gamma, beta), x, 1e-5),
      gamma: finiteDifferenceGradient((v) => loss(x, v, beta), gamma, 1e-5),
      beta: finiteDifferenceGradient((v) => loss(x, gamma, v), beta, 1e-5),
    };
    const tensors = [tf.tensor4d(Float32Array.from(x), SHAPE), tf.tensor1d(Float32Array.from(gamma)), tf.tensor1d(Float32Array.from(beta))] as const;
    const weights = tf.tensor4d(Float32Array.from(w), SHAPE);
    const before = tf.memory().numTensors;
    const [dx, dGamma, dBeta] = tf.grads((xs: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => {
      const { y, mean, variance } = batchNormTraining(xs as tf.Tensor4D, g as tf.Tensor1D, b as tf.Tensor1D, EPSILON);
      tf.dispose([mean, variance]);
      return tf.sum(tf.mul(y, weights));
    })([...tensors]);
    expect(tf.memory().numTensors).toBe(before + 3);
    // The x gradient sums to ≈ 0 per channel: the scale is set by its largest entries, not by its sum.
    expect(relativeError(dx.dataSync(), expected.x)).toBeLessThan(2e-4);
    expect(relativeError(dGamma.dataSync(), expected.gamma)).toBeLessThan(2e-4);
    expect(relativeError(dBeta.dataSync(), expected.beta)).toBeLessThan(2e-4);
    tf.dispose([dx, dGamma, dBeta, weights, ...tensors]);
  });
});
