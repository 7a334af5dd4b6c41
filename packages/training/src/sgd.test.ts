import * as tf from '@tensorflow/tfjs-core';
import { describeBackends, relativeError } from '@icnn/test-utils';
import { expect, it } from 'vitest';
import { createSgd, defaultMultipliers } from './sgd';

describeBackends('createSgd', () => {
  it('follows v ← m·v − lr·mult·(g + decay·w), w ← w + v (float64 reference, two steps, per-variable multipliers)', async () => {
    const w0 = [0.5, -1.25, 2];
    const b0 = [0.1, -0.2];
    const variables = { 'layer/kernel': tf.variable(tf.tensor1d(w0)), 'layer/bias': tf.variable(tf.tensor1d(b0)) };
    const sgd = createSgd(variables, { momentum: 0.9, weightDecay: 0.01 });
    const grads = [
      { kernel: [0.3, -0.1, 0.7], bias: [1, -1] },
      { kernel: [-0.2, 0.4, 0.05], bias: [0.5, 0.25] },
    ];
    const rates = [0.1, 0.05];
    // Reference in float64: the bias has no weight decay (defaultMultipliers).
    const w = [...w0];
    const b = [...b0];
    const vw = [0, 0, 0];
    const vb = [0, 0];
    for (let step = 0; step < 2; step++) {
      for (let i = 0; i < 3; i++) {
        vw[i] = 0.9 * vw[i] - rates[step] * (grads[step].kernel[i] + 0.01 * w[i]);
        w[i] += vw[i];
      }
      for (let i = 0; i < 2; i++) {
        vb[i] = 0.9 * vb[i] - rates[step] * grads[step].bias[i];
        b[i] += vb[i];
      }
      const g = { 'layer/kernel': tf.tensor1d(grads[step].kernel), 'layer/bias': tf.tensor1d(grads[step].bias) };
      const before = tf.memory().numTensors;
      sgd.step(g, rates[step]);
      expect(tf.memory().numTensors).toBe(before);
      tf.dispose(Object.values(g));
    }
    expect(relativeError(Array.from(await variables['layer/kernel'].data()), w)).toBeLessThan(1e-6);
    expect(relativeError(Array.from(await variables['layer/bias'].data()), b)).toBeLessThan(1e-6);
    expect(relativeError(Array.from(await sgd.velocities['layer/kernel'].data()), vw)).toBeLessThan(1e-6);
    sgd.dispose();
    Object.values(variables).forEach((v) => v.dispose());
  });

  it('leaves no tensors behind once disposed', () => {
    const variables = { a: tf.variable(tf.ones([3])), b: tf.variable(tf.ones([2, 2])) };
    const before = tf.memory().numTensors;
    const sgd = createSgd(variables);
    expect(tf.memory().numTensors).toBe(before + 2); // one velocity per variable
    sgd.dispose();
    expect(tf.memory().numTensors).toBe(before);
    Object.values(variables).forEach((v) => v.dispose());
  });

  it('gives β 0.05× the rate and no decay, biases and batch-norm parameters no decay', () => {
    expect(defaultMultipliers('mask_top/beta')).toEqual({ lr: 0.05, decay: 0 });
    expect(defaultMultipliers('backbone/conv1/bias')).toEqual({ decay: 0 });
    expect(defaultMultipliers('backbone/bn1_1/gamma')).toEqual({ decay: 0 });
    expect(defaultMultipliers('backbone/conv1/kernel')).toEqual({});
  });

  it('rejects a gradient without a variable and a bad rate, naming them', () => {
    const variables = { a: tf.variable(tf.zeros([2])) };
    const sgd = createSgd(variables);
    const g = tf.ones([2]);
    expect(() => sgd.step({ b: g }, 0.1)).toThrow(/gradient 'b' has no variable/);
    expect(() => sgd.step({ a: g }, Number.NaN)).toThrow(/'learningRate' must be a finite number/);
    expect(() => createSgd(variables, { momentum: 1 })).toThrow(/'momentum' must be in \[0, 1\)/);
    sgd.dispose();
    tf.dispose([g, variables.a]);
  });
});
