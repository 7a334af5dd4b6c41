// icnn's wasm Tile (block copies on the heap) against the cpu backend: exact equality for every rank from 0 to 6,
// reps of 1 on any axis, empty tensors, int32 and bool, and tf.batchNorm's gradient, which tiles.
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../initBackend';
import { cpuVsWasm } from '../testing/cpuVsWasm';
import { tileInto } from './tile';
import { registeredKernel } from '../testing/registeredKernel';

const CASES: { shape: number[]; reps: number[] }[] = [
  { shape: [], reps: [] },
  { shape: [5], reps: [3] },
  { shape: [3, 4], reps: [2, 1] },
  { shape: [3, 4], reps: [1, 3] },
  { shape: [1, 1, 1, 6], reps: [4, 3, 5, 1] }, // a batch-norm parameter broadcast to feature maps
  { shape: [2, 1, 1, 6], reps: [1, 7, 7, 1] },
  { shape: [2, 3, 4, 5], reps: [2, 2, 2, 2] },
  { shape: [2, 3, 1, 2, 1, 3], reps: [1, 2, 3, 1, 2, 2] },
  { shape: [3, 2], reps: [1, 1] },
  { shape: [0, 3], reps: [2, 2] },
  { shape: [2, 3], reps: [0, 2] },
];

const label = (c: { shape: number[]; reps: number[] }) => `[${c.shape}] × [${c.reps}]`;

describe('wasm Tile vs cpu', () => {
  beforeAll(async () => {
    await initBackend('cpu');
    await initBackend('wasm');
  });

  for (const dtype of ['float32', 'int32', 'bool'] as const) {
    it.each(CASES)(`${dtype} %#: tiles exactly like cpu`, async (c) => {
      const size = c.shape.reduce((a, b) => a * b, 1);
      const { reference, wasm } = await cpuVsWasm(
        () => Float32Array.from({ length: size }, (_, i) => (dtype === 'bool' ? i % 3 === 0 : dtype === 'int32' ? i * 7 - 11 : Math.sin(i) * 1e3) as number),
        (values) => tf.tidy(() => Float32Array.from(tf.tile(tf.tensor(values, c.shape, dtype), c.reps).dataSync())),
      );
      expect(Array.from(wasm), label(c)).toEqual(Array.from(reference));
    });
  }

  it('gives tf.batchNorm the same gradient as cpu', async () => {
    const { reference, wasm } = await cpuVsWasm(
      () => ({ x: tf.randomNormal([4, 5, 5, 6], 0, 1, 'float32', 3).dataSync() as Float32Array, scale: tf.randomUniform([6], 0.5, 2, 'float32', 4).dataSync() as Float32Array }),
      ({ x, scale }) =>
        tf.tidy(() => {
          const input = tf.tensor4d(x, [4, 5, 5, 6]);
          const f = (v: tf.Tensor, s: tf.Tensor) => tf.sum(tf.square(tf.batchNorm(v as tf.Tensor4D, tf.mean(v, [0, 1, 2]), tf.ones([6]), tf.zeros([6]), s as tf.Tensor1D, 1e-3)));
          const [dx, dScale] = tf.grads(f)([input, tf.tensor1d(scale)]);
          return { dx: dx.dataSync() as Float32Array, dScale: dScale.dataSync() as Float32Array };
        }),
    );
    for (const name of ['dx', 'dScale'] as const) {
      const diff = Math.max(...reference[name].map((v, i) => Math.abs(v - wasm[name][i])));
      expect(diff / Math.max(...reference[name].map(Math.abs)), name).toBeLessThan(1e-5);
    }
  });

  it('fills a buffer directly, with reps on inner and outer axes', () => {
    const out = new Int32Array(2 * 3 * 2 * 2);
    tileInto(Int32Array.from([1, 2, 3, 4]), [1, 2, 2], [2, 3, 1], out);
    // [[1, 2], [3, 4]] repeated 3× down the rows, the whole block twice along axis 0
    expect(Array.from(out)).toEqual([1, 2, 3, 4, 1, 2, 3, 4, 1, 2, 3, 4, 1, 2, 3, 4, 1, 2, 3, 4, 1, 2, 3, 4]);
  });

  it("registers icnn's Tile on wasm", () => {
    expect(String(registeredKernel('Tile', 'wasm').kernelFunc)).toContain('typedArrayFromHeap');
  });
});
