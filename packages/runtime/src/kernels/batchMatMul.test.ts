// icnn's wasm BatchMatMul against the cpu backend: transposed operands, batches, a shared right operand, broadcasts.
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, it } from 'vitest';
import { initBackend } from '../initBackend';
import { cpuVsWasm, expectClose } from '../testing/cpuVsWasm';

const CASES: { name: string; a: number[]; b: number[]; transposeA: boolean; transposeB: boolean }[] = [
  { name: 'plain 37×23·23×41', a: [37, 23], b: [23, 41], transposeA: false, transposeB: false },
  { name: 'transposeA (dense weight gradient)', a: [16, 300], b: [16, 10], transposeA: true, transposeB: false },
  { name: 'transposeB (dense input gradient)', a: [16, 10], b: [300, 10], transposeA: false, transposeB: true },
  { name: 'both transposed', a: [19, 33], b: [45, 19], transposeA: true, transposeB: true },
  { name: 'batch with a shared right operand', a: [5, 7, 40, 33], b: [33, 21], transposeA: false, transposeB: false },
  { name: 'batch, one product per matrix', a: [4, 40, 50], b: [4, 30, 50], transposeA: false, transposeB: true },
  { name: 'left broadcast over a right batch', a: [1, 40, 50], b: [3, 50, 35], transposeA: false, transposeB: false },
  { name: 'tiny batched products (stock path)', a: [6, 3, 4], b: [6, 4, 2], transposeA: false, transposeB: false },
];

function product(c: (typeof CASES)[number], a: Float32Array, b: Float32Array) {
  return tf.tidy(() => tf.matMul(tf.tensor(a, c.a), tf.tensor(b, c.b), c.transposeA, c.transposeB).dataSync() as Float32Array);
}

describe('wasm BatchMatMul vs cpu', () => {
  beforeAll(async () => {
    await initBackend('cpu');
    await initBackend('wasm');
  });
  for (const c of CASES) {
    it(c.name, async () => {
      const result = await cpuVsWasm(
        () => ({
          a: tf.randomUniform(c.a, -1, 1, 'float32', 4).dataSync() as Float32Array,
          b: tf.randomUniform(c.b, -1, 1, 'float32', 5).dataSync() as Float32Array,
        }),
        ({ a, b }) => product(c, a, b),
      );
      expectClose(result, 1e-5);
    });
  }
});
