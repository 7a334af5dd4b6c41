// icnn's wasm MaxPoolGrad against the cpu backend's, on non-overlapping and overlapping windows, 'same' / 'valid'
// / explicit padding, and inputs of a few integer levels whose windows tie (the gradient must go to the first
// maximum only, as on cpu).
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../initBackend';
import { cpuVsWasm, expectClose } from '../testing/cpuVsWasm';
import { registeredKernel } from '../testing/registeredKernel';

interface PoolCase {
  name: string;
  x: [number, number, number, number];
  filterSize: number | [number, number];
  strides: number | [number, number];
  pad: 'same' | 'valid' | number;
  /** Values 0, 1, 2 only: most windows hold their maximum more than once. */
  ties?: boolean;
}

const CASES: PoolCase[] = [
  { name: '2×2 s2 valid', x: [2, 8, 8, 3], filterSize: 2, strides: 2, pad: 'valid' },
  { name: '2×2 s2 valid, tied maxima', x: [4, 16, 16, 8], filterSize: 2, strides: 2, pad: 'valid', ties: true },
  { name: '2×2 s2 valid, odd 9×7 (a last row and column in no window)', x: [2, 9, 7, 3], filterSize: 2, strides: 2, pad: 'valid', ties: true },
  { name: '2×2 s2 same, odd 9×7 (the last windows padded)', x: [2, 9, 7, 3], filterSize: 2, strides: 2, pad: 'same', ties: true },
  { name: '3×3 s2 same (overlapping, padded), 9×7', x: [2, 9, 7, 5], filterSize: 3, strides: 2, pad: 'same' },
  { name: '3×3 s1 same, tied maxima', x: [2, 6, 6, 4], filterSize: 3, strides: 1, pad: 'same', ties: true },
  { name: '2×3 s[1,2] valid, odd 7×9', x: [1, 7, 9, 6], filterSize: [2, 3], strides: [1, 2], pad: 'valid' },
  { name: '3×3 s2 pad 1', x: [2, 10, 10, 2], filterSize: 3, strides: 2, pad: 1 },
];

function poolGradient(c: PoolCase, inputs: { x: Float32Array; dy: Float32Array }): Float32Array {
  return tf.tidy(() => {
    const x = tf.tensor4d(inputs.x, c.x);
    const pool = (a: tf.Tensor) => tf.maxPool(a as tf.Tensor4D, c.filterSize, c.strides, c.pad);
    const dy = tf.tensor(inputs.dy, pool(x).shape);
    return tf.grad((a: tf.Tensor) => tf.sum(tf.mul(pool(a), dy)))(x).dataSync() as Float32Array;
  });
}

describe('wasm MaxPoolGrad vs cpu', () => {
  beforeAll(async () => {
    await initBackend('cpu');
    await initBackend('wasm');
  });

  for (const c of CASES) {
    it(c.name, async () => {
      const result = await cpuVsWasm(
        () => {
          const uniform = tf.randomUniform(c.x, -1, 1, 'float32', 1);
          const x = c.ties ? tf.floor(tf.mul(tf.add(uniform, 1), 1.5)) : uniform;
          const yShape = tf.maxPool(x as tf.Tensor4D, c.filterSize, c.strides, c.pad).shape;
          const dy = tf.randomUniform(yShape, -1, 1, 'float32', 2);
          return { x: x.dataSync() as Float32Array, dy: dy.dataSync() as Float32Array };
        },
        (inputs) => poolGradient(c, inputs),
      );
      expectClose(result, 1e-5);
    });
  }

  it('registers icnn\'s MaxPoolGrad on wasm', () => {
    expect(String(registeredKernel('MaxPoolGrad', 'wasm').kernelFunc)).toContain('typedArrayFromHeap');
  });
});
