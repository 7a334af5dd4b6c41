// The stand-in runs icnn's webgpu conv gradient kernels on the cpu kernels and refuses synchronous reads: a small
// CNN's gradients on it must equal the cpu backend's, computed without one synchronous read.
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../initBackend';
import { relativeError } from '../testing/cpuVsWasm';
import { registerWebgpuStandIn, WEBGPU_STAND_IN } from './webgpuStandIn';
import { registeredKernel } from '../testing/registeredKernel';

const SHAPES = { x: [2, 12, 12, 3], w1: [3, 3, 3, 8], w2: [5, 5, 8, 6], w3: [1, 1, 6, 4] } as const;
type Weights = Record<keyof typeof SHAPES, Float32Array>;

/** A loss that uses stride 1 and 2, same / valid / explicit padding, a max pool and 1×1 to 5×5 filters. */
function loss(p: Record<keyof typeof SHAPES, tf.Tensor4D>): tf.Scalar {
  const a = tf.relu(tf.conv2d(p.x, p.w1, 1, 'same'));
  const b = tf.maxPool(tf.relu(tf.conv2d(a, p.w2, 2, [[0, 0], [2, 1], [1, 2], [0, 0]])), 2, 1, 'valid');
  const c = tf.conv2d(b, p.w3, 1, 'valid');
  return tf.sum(tf.square(c));
}

/** Gradients with respect to every input, read back asynchronously; checks that nothing leaks. */
async function gradientsOn(backend: string, values: Weights): Promise<Weights> {
  await tf.setBackend(backend);
  const tensorsBefore = tf.memory().numTensors;
  const params = Object.fromEntries(
    Object.entries(values).map(([name, v]) => [name, tf.tensor4d(v, SHAPES[name as keyof Weights] as unknown as [number, number, number, number])]),
  ) as Record<keyof Weights, tf.Tensor4D>;
  const names = Object.keys(SHAPES) as (keyof Weights)[];
  const grads = tf.grads((...ts: tf.Tensor[]) => loss(Object.fromEntries(names.map((n, i) => [n, ts[i]])) as never))(names.map((n) => params[n]));
  const out = Object.fromEntries(await Promise.all(names.map(async (n, i) => [n, (await grads[i].data()) as Float32Array]))) as Weights;
  tf.dispose([...grads, ...Object.values(params)]);
  expect(tf.memory().numTensors, `tensors leaked on ${backend}`).toBe(tensorsBefore);
  return out;
}

describe('webgpu stand-in', () => {
  beforeAll(async () => {
    await initBackend('cpu');
    registerWebgpuStandIn();
  });

  it('computes a CNN\'s gradients with icnn\'s conv gradient kernels, as the cpu backend does', async () => {
    expect(registeredKernel('Conv2DBackpropFilter', WEBGPU_STAND_IN).kernelFunc).not.toBe(registeredKernel('Conv2DBackpropFilter', 'cpu').kernelFunc);
    await tf.setBackend('cpu');
    const values = tf.tidy(() =>
      Object.fromEntries(Object.entries(SHAPES).map(([name, shape], i) => [name, tf.randomUniform(shape as unknown as number[], -1, 1, 'float32', i + 1).dataSync()])),
    ) as Weights;
    const reference = await gradientsOn('cpu', values);
    const standIn = await gradientsOn(WEBGPU_STAND_IN, values);
    for (const name of Object.keys(SHAPES) as (keyof Weights)[]) {
      expect(relativeError(standIn[name], reference[name]), name).toBeLessThanOrEqual(1e-5);
    }
  });

  it('refuses synchronous reads and moves to another backend, saying what to do instead', async () => {
    await tf.setBackend(WEBGPU_STAND_IN);
    const t = tf.tensor1d([1, 2, 3]);
    expect(() => t.dataSync()).toThrow(/icnn webgpu-standin: synchronous read refused .* use await tensor\.data\(\)/);
    expect(() => t.arraySync()).toThrow(/synchronous read refused/);
    expect(Array.from(await t.data())).toEqual([1, 2, 3]);
    await tf.setBackend('cpu');
    expect(() => tf.add(t, 1)).toThrow(/synchronous read refused/); // the cpu kernel would pull t over synchronously
    t.dispose();
  });

  it('switches kernels when registered again with other options', async () => {
    registerWebgpuStandIn(WEBGPU_STAND_IN, { filterGradient: 'stock', inputGradient: 'stock' });
    expect(registeredKernel('Conv2DBackpropFilter', WEBGPU_STAND_IN).kernelFunc).toBe(registeredKernel('Conv2DBackpropFilter', 'cpu').kernelFunc);
    expect(registeredKernel('Conv2DBackpropInput', WEBGPU_STAND_IN).kernelFunc).toBe(registeredKernel('Conv2DBackpropInput', 'cpu').kernelFunc);
    registerWebgpuStandIn(WEBGPU_STAND_IN, { filterGradient: 'conv' });
    expect(String(registeredKernel('Conv2DBackpropFilter', WEBGPU_STAND_IN).kernelFunc)).toContain('Transpose');
    registerWebgpuStandIn();
    expect(String(registeredKernel('Conv2DBackpropFilter', WEBGPU_STAND_IN).kernelFunc)).toContain('BatchMatMul');
  });
});
