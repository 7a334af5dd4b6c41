// Every op the project's networks train with (AlexNet: grouped convs, LRN; VGG: conv, max-pool; ResNet: strided
// convs, batch norm, skip connections, average pool; heads: dense, dropout, logistic and softmax losses) has a
// gradient on wasm, equal to the cpu backend's: a backend missing one kernel cannot train.
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../initBackend';
import { cpuVsWasm, expectClose } from '../testing/cpuVsWasm';

interface Params {
  [name: string]: tf.Tensor;
}

const SHAPES: Record<string, number[]> = {
  conv1: [5, 5, 3, 8],
  groupA: [3, 3, 4, 6],
  groupB: [3, 3, 4, 6],
  conv3: [3, 3, 12, 8],
  down: [1, 1, 8, 8],
  gamma: [8],
  beta: [8],
  dense: [8, 5],
  bias: [5],
};

/** A small network using all of the ops; returns the scalar training loss. */
function network(x: tf.Tensor4D, p: Params, labels: tf.Tensor2D): tf.Scalar {
  let h = tf.relu(tf.conv2d(x, p.conv1 as tf.Tensor4D, 2, 'valid'));
  h = tf.localResponseNormalization(h as tf.Tensor4D, 2, 1, 1e-4, 0.75);
  h = tf.maxPool(h as tf.Tensor4D, 3, 2, 'same');
  const [a, b] = tf.split(h, 2, 3);
  h = tf.concat([tf.conv2d(a as tf.Tensor4D, p.groupA as tf.Tensor4D, 1, 'same'), tf.conv2d(b as tf.Tensor4D, p.groupB as tf.Tensor4D, 1, 'same')], 3);
  const c = tf.conv2d(tf.relu(h) as tf.Tensor4D, p.conv3 as tf.Tensor4D, 1, [[0, 0], [1, 1], [1, 1], [0, 0]]);
  const { mean, variance } = tf.moments(c, [0, 1, 2]);
  const normed = tf.batchNorm(c, mean, variance, p.beta as tf.Tensor1D, p.gamma as tf.Tensor1D, 1e-5);
  const skip = tf.add(tf.relu(normed), tf.conv2d(c as tf.Tensor4D, p.down as tf.Tensor4D, 1, 'valid'));
  const pooled = tf.mean(tf.avgPool(skip as tf.Tensor4D, 2, 2, 'valid'), [1, 2]);
  const dropped = tf.mul(pooled, tf.tensor2d([[1.25, 0, 1.25, 1.25, 1.25, 0, 1.25, 1.25], [0, 1.25, 1.25, 1.25, 1.25, 1.25, 0, 1.25]]));
  const logits = tf.add(tf.matMul(dropped, p.dense as tf.Tensor2D), p.bias);
  const softmax = tf.losses.softmaxCrossEntropy(labels, logits);
  const logistic = tf.losses.sigmoidCrossEntropy(labels, logits);
  return tf.add(softmax, logistic) as tf.Scalar;
}

function gradients(values: Record<string, Float32Array>, input: Float32Array) {
  return tf.tidy(() => {
    const p: Params = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, tf.tensor(v, SHAPES[k])]));
    const x = tf.tensor4d(input, [2, 23, 23, 3]);
    const labels = tf.tensor2d([[0, 1, 0, 0, 0], [0, 0, 0, 1, 0]]);
    const names = Object.keys(p);
    const grads = tf.grads((...ts: tf.Tensor[]) => network(x, Object.fromEntries(names.map((n, i) => [n, ts[i]])), labels))(names.map((n) => p[n]));
    return Object.fromEntries(names.map((n, i) => [n, grads[i].dataSync() as Float32Array]));
  });
}

describe('training ops on wasm vs cpu', () => {
  beforeAll(async () => {
    await initBackend('cpu');
    await initBackend('wasm');
  });

  it('gives every parameter the cpu gradient', async () => {
    const result = await cpuVsWasm(
      () => ({
        values: Object.fromEntries(
          Object.entries(SHAPES).map(([k, s], i) => [k, tf.randomNormal(s, k === 'gamma' ? 1 : 0, 0.3, 'float32', i).dataSync() as Float32Array]),
        ),
        input: tf.randomUniform([2, 23, 23, 3], 0, 1, 'float32', 99).dataSync() as Float32Array,
      }),
      ({ values, input }) => gradients(values, input),
    );
    for (const [name, g] of Object.entries(result.reference)) expect(Math.max(...g.map(Math.abs)), `${name} gradient is zero`).toBeGreaterThan(0);
    expectClose(result, 1e-4);
  });
});
