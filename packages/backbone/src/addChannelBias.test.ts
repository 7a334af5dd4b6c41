// The channel bias add against float64: its value, and its gradients against finite differences of Σ w·(x + b).
import * as tf from '@tensorflow/tfjs-core';
import { describeBackends, finiteDifferenceGradient, relativeError, seededRandom, uniform } from '@icnn/test-utils';
import { expect, it } from 'vitest';
import { addChannelBias } from './addChannelBias';

const SHAPE: [number, number, number, number] = [2, 3, 4, 5];
const SIZE = 2 * 3 * 4 * 5;
const C = 5;

describeBackends('addChannelBias', () => {
  it('adds b[c] to every value of channel c, with the gradients finite differences give, and frees its tensors', () => {
    const random = seededRandom(3);
    const [x, b, w] = [uniform(random, SIZE), uniform(random, C), uniform(random, SIZE)];
    const value = (xv: Float64Array, bv: Float64Array) => xv.map((v, i) => v + bv[i % C]);
    const loss = (xv: Float64Array, bv: Float64Array) => value(xv, bv).reduce((s, v, i) => s + w[i] * v, 0);
    const [xs, bs, ws] = [tf.tensor4d(Float32Array.from(x), SHAPE), tf.tensor1d(Float32Array.from(b)), tf.tensor4d(Float32Array.from(w), SHAPE)];
    const before = tf.memory().numTensors;
    const y = addChannelBias(xs, bs);
    expect(relativeError(y.dataSync(), value(x, b))).toBeLessThan(1e-6);
    const [dx, db] = tf.grads((a: tf.Tensor, c: tf.Tensor) => tf.sum(tf.mul(addChannelBias(a as tf.Tensor4D, c as tf.Tensor1D), ws)))([xs, bs]);
    expect(relativeError(dx.dataSync(), finiteDifferenceGradient((v) => loss(v, b), x))).toBeLessThan(1e-5);
    expect(relativeError(db.dataSync(), finiteDifferenceGradient((v) => loss(x, v), b))).toBeLessThan(1e-5);
    tf.dispose([y, dx, db]);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([xs, bs, ws]);
  });
});
