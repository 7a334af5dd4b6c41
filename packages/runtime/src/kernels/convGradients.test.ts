// icnn's wasm conv-gradient kernels against the cpu backend's (tfjs's reference loops), on shapes that cover
// strides 1–4, same / valid / explicit padding, odd and rectangular sizes, filters 1×1 to 11×11, batch 1, and channel
// counts that are not multiples of the SIMD weight-gradient kernel's 4 × 8 tiles.
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../initBackend';
import { cpuVsWasm, expectClose } from '../testing/cpuVsWasm';
import { filterGradientModule } from './filterGradientModule';

interface ConvCase {
  name: string;
  x: [number, number, number, number];
  filter: [number, number, number, number];
  strides: number | [number, number];
  pad: 'same' | 'valid' | number | [[number, number], [number, number], [number, number], [number, number]];
}

const CASES: ConvCase[] = [
  { name: '3×3 s1 same', x: [2, 8, 8, 3], filter: [3, 3, 3, 4], strides: 1, pad: 'same' },
  { name: '5×5 s2 valid, odd 13×11', x: [2, 13, 11, 4], filter: [5, 5, 4, 6], strides: 2, pad: 'valid' },
  { name: '1×1 s1 valid', x: [3, 7, 9, 5], filter: [1, 1, 5, 8], strides: 1, pad: 'valid' },
  { name: '11×11 s4 valid (AlexNet conv1)', x: [2, 35, 35, 3], filter: [11, 11, 3, 8], strides: 4, pad: 'valid' },
  { name: '3×3 s3 same, 10×7', x: [2, 10, 7, 3], filter: [3, 3, 3, 5], strides: 3, pad: 'same' },
  { name: '3×3 s2 explicit [1,2]×[2,0]', x: [2, 9, 9, 4], filter: [3, 3, 4, 3], strides: 2, pad: [[0, 0], [1, 2], [2, 0], [0, 0]] },
  { name: '7×7 s2 pad 3 (ResNet stem)', x: [1, 17, 17, 3], filter: [7, 7, 3, 6], strides: 2, pad: 3 },
  { name: '2×3 s[1,2] same', x: [2, 6, 11, 3], filter: [2, 3, 3, 4], strides: [1, 2], pad: 'same' },
  { name: '1×1 s2 valid (ResNet shortcut)', x: [2, 9, 9, 6], filter: [1, 1, 6, 4], strides: 2, pad: 'valid' },
  { name: '5×5 s3 same, 16×16, 8→16', x: [1, 16, 16, 8], filter: [5, 5, 8, 16], strides: 3, pad: 'same' },
  { name: '3×3 s1 pad 1, 14×14, 32→32', x: [4, 14, 14, 32], filter: [3, 3, 32, 32], strides: 1, pad: 1 },
  { name: '3×3 s1 same, batch 1, 5→7', x: [1, 9, 10, 5], filter: [3, 3, 5, 7], strides: 1, pad: 'same' },
  { name: '4×4 s4 valid, 7→13', x: [2, 17, 15, 7], filter: [4, 4, 7, 13], strides: 4, pad: 'valid' },
  { name: '3×3 s2 same, 6→9 (one channel past two vectors)', x: [3, 11, 12, 6], filter: [3, 3, 6, 9], strides: 2, pad: 'same' },
  { name: '1×1 s3 same, 1→1', x: [1, 10, 10, 1], filter: [1, 1, 1, 1], strides: 3, pad: 'same' },
  { name: '11×11 s2 explicit [5,3]×[0,4], batch 1, 2→5', x: [1, 21, 19, 2], filter: [11, 11, 2, 5], strides: 2, pad: [[0, 0], [5, 3], [0, 4], [0, 0]] },
  { name: '3×3 s4 same (stride past the kernel), 9→17', x: [2, 13, 14, 9], filter: [3, 3, 9, 17], strides: 4, pad: 'same' },
  // A numeric pad with a non-square filter and unequal strides: tfjs-core sizes its output wrongly, and without
  // the numeric-padding guard (numericPaddingGuard.ts) tfjs-wasm's forward Conv2D wrote past its output here.
  { name: '2×5 s[3,1] pad 2, 10→12', x: [2, 8, 9, 10], filter: [2, 5, 10, 12], strides: [3, 1], pad: 2 },
];

/** The gradients of conv2d (dx via the op's gradient, dW too) and the two kernels run directly. */
function gradientsOn(c: ConvCase, inputs: { x: Float32Array; filter: Float32Array; dy: Float32Array }) {
  return tf.tidy(() => {
    const x = tf.tensor4d(inputs.x, c.x);
    const filter = tf.tensor4d(inputs.filter, c.filter);
    const y = tf.conv2d(x, filter, c.strides, c.pad);
    const dy = tf.tensor(inputs.dy, y.shape);
    const [dx, dw] = tf.grads((a: tf.Tensor, b: tf.Tensor) =>
      tf.sum(tf.mul(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, c.strides, c.pad), dy)),
    )([x, filter]);
    return { dx: dx.dataSync() as Float32Array, dw: dw.dataSync() as Float32Array };
  });
}

describe('wasm conv gradient kernels vs cpu', () => {
  beforeAll(async () => {
    await initBackend('cpu');
    await initBackend('wasm');
  });

  for (const c of CASES) {
    it(c.name, async () => {
      const result = await cpuVsWasm(
        () => {
          const x = tf.randomUniform(c.x, -1, 1, 'float32', 1) as tf.Tensor4D;
          const filter = tf.randomUniform(c.filter, -1, 1, 'float32', 2) as tf.Tensor4D;
          const dy = tf.randomUniform(tf.conv2d(x, filter, c.strides, c.pad).shape, -1, 1, 'float32', 3);
          return { x: x.dataSync() as Float32Array, filter: filter.dataSync() as Float32Array, dy: dy.dataSync() as Float32Array };
        },
        (inputs) => gradientsOn(c, inputs),
      );
      expectClose(result, 1e-5);
    });
  }

  it('registers the kernels on wasm (the stock wasm backend has no Conv2DBackpropFilter), with the SIMD module available', () => {
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeDefined();
    expect(tf.getKernel('Conv2DBackpropInput', 'wasm')).toBeDefined();
    // Node 20 runs WebAssembly SIMD: the cases above went through the SIMD weight-gradient kernel, not its fallback.
    expect(filterGradientModule()).not.toBeNull();
  });
});
