// icnn's wasm Reverse (block copies) and Transpose of the last two axes (tiles) against the cpu backend: exact
// equality for ranks 1–5, any set of reversed axes (negative ones too), sizes around the tile, empty tensors,
// int32 and bool; other permutations still reach the stock Transpose; and a conv's input gradient, which uses both.
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../initBackend';
import { cpuVsWasm, relativeError } from '../testing/cpuVsWasm';
import { registeredKernel } from '../testing/registeredKernel';
import { reverseInto } from './reverse';
import { swapsLastTwo, transposeLastTwoInto } from './transpose';

const DTYPES = ['float32', 'int32', 'bool'] as const;

function valuesOf(size: number, dtype: (typeof DTYPES)[number]): Float32Array {
  return Float32Array.from({ length: size }, (_, i) => (dtype === 'bool' ? i % 3 === 0 : dtype === 'int32' ? i * 7 - 11 : Math.sin(i) * 1e3) as number);
}

async function sameAsCpu(shape: number[], dtype: (typeof DTYPES)[number], op: (x: tf.Tensor) => tf.Tensor): Promise<void> {
  const size = shape.reduce((a, b) => a * b, 1);
  const { reference, wasm } = await cpuVsWasm(
    () => valuesOf(size, dtype),
    (values) => tf.tidy(() => Float32Array.from(op(tf.tensor(values, shape, dtype)).dataSync())),
  );
  expect(Array.from(wasm), `[${shape}] ${dtype}`).toEqual(Array.from(reference));
}

const REVERSE_CASES: { shape: number[]; axes: number[] }[] = [
  { shape: [7], axes: [0] },
  { shape: [3, 4], axes: [0] },
  { shape: [3, 4], axes: [1] },
  { shape: [3, 4], axes: [0, 1] },
  { shape: [3, 3, 5, 6], axes: [0, 1] }, // a conv filter flipped for its input gradient
  { shape: [2, 3, 4, 5], axes: [1, 3] },
  { shape: [2, 3, 4, 5], axes: [-1] },
  { shape: [2, 1, 3, 1, 4], axes: [0, 2, 4] },
  { shape: [2, 3], axes: [] },
  { shape: [0, 3], axes: [1] },
];

const TRANSPOSE_CASES: number[][] = [[1, 1], [3, 4], [31, 33], [32, 64], [65, 40], [2, 3, 4], [2, 2, 70, 35], [0, 5], [3, 0]];

describe('wasm Reverse and Transpose vs cpu', () => {
  beforeAll(async () => {
    await initBackend('cpu');
    await initBackend('wasm');
  });

  for (const dtype of DTYPES) {
    it.each(REVERSE_CASES)(`reverses ${dtype} exactly like cpu: %o`, async ({ shape, axes }) => {
      await sameAsCpu(shape, dtype, (x) => tf.reverse(x, axes));
    });
    it.each(TRANSPOSE_CASES.map((shape) => ({ shape })))(`transposes the last two axes of ${dtype} exactly like cpu: %o`, async ({ shape }) => {
      const perm = shape.map((_, k) => k);
      perm.splice(-2, 2, shape.length - 1, shape.length - 2);
      await sameAsCpu(shape, dtype, (x) => tf.transpose(x, perm));
    });
  }

  it('leaves other permutations to the stock kernel, with the same results', async () => {
    expect(swapsLastTwo([1, 0, 2])).toBe(false);
    expect(swapsLastTwo([0, 2, 1])).toBe(true);
    expect(swapsLastTwo([0])).toBe(false);
    for (const perm of [[1, 0, 2], [2, 0, 1], [0, 1, 2]]) await sameAsCpu([3, 4, 5], 'float32', (x) => tf.transpose(x, perm));
  });

  it('fills buffers directly', () => {
    const reversed = new Int32Array(6);
    reverseInto(Int32Array.from([1, 2, 3, 4, 5, 6]), [2, 3], [1], reversed);
    expect(Array.from(reversed)).toEqual([3, 2, 1, 6, 5, 4]);
    reverseInto(Int32Array.from([1, 2, 3, 4, 5, 6]), [2, 3], [0], reversed);
    expect(Array.from(reversed)).toEqual([4, 5, 6, 1, 2, 3]);
    const transposed = new Int32Array(6);
    transposeLastTwoInto(Int32Array.from([1, 2, 3, 4, 5, 6]), [2, 3], transposed);
    expect(Array.from(transposed)).toEqual([1, 4, 2, 5, 3, 6]);
  });

  it('gives a conv its input gradient as cpu does (filter flip and channel swap)', async () => {
    const { reference, wasm } = await cpuVsWasm(
      () => ({ x: tf.randomNormal([2, 9, 9, 5], 0, 1, 'float32', 5).dataSync() as Float32Array, w: tf.randomNormal([3, 3, 5, 7], 0, 1, 'float32', 6).dataSync() as Float32Array }),
      ({ x, w }) =>
        tf.tidy(() => {
          const filter = tf.tensor4d(w, [3, 3, 5, 7]);
          const dx = tf.grad((input: tf.Tensor) => tf.sum(tf.square(tf.conv2d(input as tf.Tensor4D, filter, 2, 'same'))))(tf.tensor4d(x, [2, 9, 9, 5]));
          return dx.dataSync() as Float32Array;
        }),
    );
    expect(relativeError(wasm, reference)).toBeLessThan(1e-5);
  });

  it("registers icnn's Reverse and Transpose on wasm", () => {
    for (const name of ['Reverse', 'Transpose']) expect(String(registeredKernel(name, 'wasm').kernelFunc)).toContain('typedArrayFromHeap');
  });
});
