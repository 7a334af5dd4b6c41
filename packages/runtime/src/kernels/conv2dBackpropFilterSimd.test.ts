// The SIMD weight-gradient kernel run directly rather than through the registry, so that its fallback can be watched:
// on wasm with SIMD it must not be taken, without the module it must be; and the result must match the cpu backend's
// Conv2DBackpropFilter whether the batch goes to the module in one call or in several.
import * as tf from '@tensorflow/tfjs-core';
import type { KernelBackend, KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { initBackend } from '../initBackend';
import { cpuVsWasm, expectClose } from '../testing/cpuVsWasm';
import { conv2dBackpropFilterComposed } from './conv2dBackpropFilter';
import { conv2dBackpropFilterSimd, type SimdFilterOptions } from './conv2dBackpropFilterSimd';

type Shape4 = [number, number, number, number];
type Pad = 'same' | 'valid' | number | [[number, number], [number, number], [number, number], [number, number]];

interface FilterCase {
  name: string;
  x: Shape4;
  filter: Shape4;
  strides: number | [number, number];
  pad: Pad;
}

const CASES: FilterCase[] = [
  { name: '3×3 s1 same, 3→32 (as in the benchmark)', x: [2, 16, 16, 3], filter: [3, 3, 3, 32], strides: 1, pad: 'same' },
  { name: '5×5 s2 valid, 13×11, 5→6', x: [2, 13, 11, 5], filter: [5, 5, 5, 6], strides: 2, pad: 'valid' },
  { name: '11×11 s4 valid, batch 1, 3→9', x: [1, 35, 35, 3], filter: [11, 11, 3, 9], strides: 4, pad: 'valid' },
  { name: '1×1 s1 valid, 8→8', x: [3, 7, 9, 8], filter: [1, 1, 8, 8], strides: 1, pad: 'valid' },
  { name: '3×3 s3 explicit [2,0]×[1,1], 4→3', x: [2, 10, 7, 4], filter: [3, 3, 4, 3], strides: 3, pad: [[0, 0], [2, 0], [1, 1], [0, 0]] },
  { name: '7×7 s2 pad 3, 6→11', x: [2, 17, 16, 6], filter: [7, 7, 6, 11], strides: 2, pad: 3 },
  // dW swept in blocks: 3·128 = 384 rows per kernel row in two blocks, 136 output channels in blocks of 64, 64, 8;
  // 6-pixel output rows, 6 to a tile (5 in the image).
  { name: '3×3 s1 same, 128→136 (blocked sweep, short rows)', x: [2, 5, 6, 128], filter: [3, 3, 128, 136], strides: 1, pad: 'same' },
  { name: '2×2 s2 valid to one output column, 9→4', x: [2, 9, 3, 9], filter: [2, 2, 9, 4], strides: 2, pad: 'valid' },
];

const refuse: KernelFunc = () => {
  throw new Error('the SIMD kernel took its fallback');
};

function attrsOf(c: FilterCase): NamedAttrMap {
  return { strides: c.strides, pad: c.pad, dataFormat: 'NHWC', filterShape: c.filter } as unknown as NamedAttrMap;
}

function randomInputs(c: FilterCase): { x: Float32Array; dy: Float32Array; dyShape: number[] } {
  const x = tf.randomUniform(c.x, -1, 1, 'float32', 1) as tf.Tensor4D;
  const dyShape = tf.conv2d(x, tf.zeros(c.filter) as tf.Tensor4D, c.strides, c.pad).shape;
  const dy = tf.randomUniform(dyShape, -1, 1, 'float32', 2);
  return { x: x.dataSync() as Float32Array, dy: dy.dataSync() as Float32Array, dyShape };
}

/** dW on the active backend: the cpu backend's own kernel, or on wasm the kernel under test called directly. */
function filterGradient(c: FilterCase, inputs: ReturnType<typeof randomInputs>, kernelFunc: KernelFunc): Float32Array {
  const dw = tf.tidy(() => {
    const x = tf.tensor4d(inputs.x, c.x);
    const dy = tf.tensor(inputs.dy, inputs.dyShape);
    if (tf.getBackend() === 'cpu') return tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, attrsOf(c)) as tf.Tensor;
    const out = kernelFunc({ inputs: { x, dy }, backend: tf.backend() as KernelBackend, attrs: attrsOf(c) }) as TensorInfo;
    return tf.engine().makeTensorFromTensorInfo(out);
  });
  const values = dw.dataSync() as Float32Array;
  dw.dispose();
  return values;
}

async function check(c: FilterCase, kernelFunc: KernelFunc): Promise<void> {
  const result = await cpuVsWasm(
    () => randomInputs(c),
    (inputs) => {
      const dw = filterGradient(c, inputs, kernelFunc);
      expect(dw.length).toBe(c.filter.reduce((a, b) => a * b));
      return dw;
    },
  );
  expectClose(result, 1e-5);
}

const simd = (options: SimdFilterOptions = {}) => conv2dBackpropFilterSimd('wasm', refuse, options).kernelFunc;

describe('SIMD Conv2DBackpropFilter on wasm vs the cpu backend', () => {
  beforeAll(async () => {
    await initBackend('cpu');
    await initBackend('wasm');
  });

  for (const c of CASES) {
    it(c.name, async () => {
      await check(c, simd());
    });
  }

  it('gives the same gradient with the batch split into calls of one image, and of 3 + 1 images', async () => {
    const c: FilterCase = { name: 'chunks', x: [4, 8, 8, 3], filter: [3, 3, 3, 5], strides: 1, pad: 'same' };
    await check(c, simd({ chunkBytes: 4 }));
    // Padded image 10·10·3 floats + dy 8·8·5 floats = 620 floats: three fit in 7440 bytes.
    await check(c, simd({ chunkBytes: 3 * 620 * 4 }));
  });

  it('takes the fallback when the module is missing (an engine without WebAssembly SIMD)', async () => {
    const fallback = vi.fn(conv2dBackpropFilterComposed('wasm').kernelFunc);
    await check(CASES[1], conv2dBackpropFilterSimd('wasm', fallback, { load: () => null }).kernelFunc);
    expect(fallback).toHaveBeenCalledTimes(1);
  });

  it('names the kernel and backend when asked for NCHW', async () => {
    await tf.setBackend('wasm');
    tf.tidy(() => {
      const x = tf.zeros([1, 4, 4, 2]);
      const dy = tf.zeros([1, 4, 4, 3]);
      const attrs = { strides: 1, pad: 'same', dataFormat: 'NCHW', filterShape: [3, 3, 2, 3] } as unknown as NamedAttrMap;
      expect(() => simd()({ inputs: { x, dy }, backend: tf.backend() as KernelBackend, attrs })).toThrow(/wasm Conv2DBackpropFilter supports NHWC only/);
    });
  });
});
