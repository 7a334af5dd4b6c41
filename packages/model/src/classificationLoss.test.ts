import * as tf from '@tensorflow/tfjs-core';
import { describeBackends } from '@icnn/test-utils';
import { expect, it } from 'vitest';
import { classificationLoss } from './classificationLoss';

describeBackends('classificationLoss', () => {
  it('logistic: Σ_c log(1 + e^{−y·s}), 0 labels ignored, mean over the batch', () => {
    const logits = tf.tensor2d([[2, -1], [0.5, 3]]);
    const labels = tf.tensor2d([[1, -1], [-1, 0]]);
    const sp = (v: number) => Math.log1p(Math.exp(v));
    const expected = (sp(-2) + sp(-1) + sp(0.5)) / 2;
    expect(classificationLoss(logits, labels).dataSync()[0]).toBeCloseTo(expected, 5);
    expect(classificationLoss(logits, labels, { reduction: 'sum' }).dataSync()[0]).toBeCloseTo(expected * 2, 5);
    tf.dispose([logits, labels]);
  });
  it('softmax: −log softmax at the class, from indices or rows', () => {
    const logits = tf.tensor2d([[2, -1, 0], [0.5, 3, 1]]);
    const indices = tf.tensor1d([0, 2], 'int32');
    const rows = tf.tensor2d([[1, -1, -1], [-1, -1, 1]]);
    const lse = (r: number[]) => Math.log(r.reduce((s, v) => s + Math.exp(v), 0));
    const expected = (lse([2, -1, 0]) - 2 + lse([0.5, 3, 1]) - 1) / 2;
    expect(classificationLoss(logits, indices, { loss: 'softmax' }).dataSync()[0]).toBeCloseTo(expected, 5);
    expect(classificationLoss(logits, rows, { loss: 'softmax' }).dataSync()[0]).toBeCloseTo(expected, 5);
    tf.dispose([logits, indices, rows]);
  });
  it('names a bad labels shape', () => {
    const logits = tf.zeros([2, 3]) as tf.Tensor2D;
    const labels = tf.zeros([2]) as tf.Tensor1D;
    expect(() => classificationLoss(logits, labels)).toThrow(/'labels' must be ±1 labels \[B = 2, L = 3\]/);
    tf.dispose([logits, labels]);
  });
});
