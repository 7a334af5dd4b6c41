// icnn's wasm Identity shares its input's data: a clone costs no copy, outlives its source, and the saved-tensor clones
// of a gradient (every kernel's inputsToSave) still give the cpu gradient.
import * as tf from '@tensorflow/tfjs-core';
import { Identity } from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../initBackend';
import { cpuVsWasm } from '../testing/cpuVsWasm';
import { registeredKernel } from '../testing/registeredKernel';
import { isIcnnKernel } from './stockKernels';

describe('wasm Identity', () => {
  beforeAll(async () => {
    await initBackend('cpu');
    await initBackend('wasm');
    tf.setBackend('wasm');
  });

  it("is icnn's, and a clone shares the data (no copy) and outlives its source", () => {
    expect(isIcnnKernel(registeredKernel(Identity, 'wasm'))).toBe(true);
    const x = tf.tensor2d([1, -2, 3.5, 4], [2, 2]);
    const before = tf.memory().numTensors;
    const y = tf.clone(x);
    expect(tf.memory().numTensors).toBe(before + 1);
    expect(y.dataId).toBe(x.dataId);
    expect((tf.backend() as unknown as { refCount(id: object): number }).refCount(x.dataId)).toBe(2);
    x.dispose();
    expect(Array.from(y.dataSync())).toEqual([1, -2, 3.5, 4]);
    expect(y.shape).toEqual([2, 2]);
    y.dispose();
    expect(tf.memory().numTensors).toBe(before - 1);
  });

  it('leaves gradients through saved inputs and outputs as on cpu', async () => {
    const { reference, wasm } = await cpuVsWasm(
      () => Float32Array.from({ length: 24 }, (_, i) => Math.sin(i) * 2),
      (values) =>
        tf.tidy(() => {
          const x = tf.tensor(values, [2, 3, 4]);
          const g = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.exp(tf.mul(t, t)), tf.sigmoid(t))))(x);
          return Float32Array.from(g.dataSync());
        }),
    );
    wasm.forEach((v, i) => expect(v).toBeCloseTo(reference[i], 4));
  });
});
