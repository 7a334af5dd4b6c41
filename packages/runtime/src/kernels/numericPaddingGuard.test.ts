// tfjs-core 4.22 sizes a numeric `pad` from the window's height and height stride for both dimensions; with the
// guard, a numeric padding gives exactly what the same padding written out explicitly gives — shapes, values and
// gradients — on cpu and on wasm, where without it XNNPACK wrote past the output buffer.
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../initBackend';
import { explicitPadding } from './numericPaddingGuard';

type Strides = number | [number, number];
interface ConvCase {
  name: string;
  x: [number, number, number, number];
  filter: [number, number, number, number];
  strides: Strides;
  pad: number;
  dilations?: [number, number];
}

const CASES: ConvCase[] = [
  { name: '2×5 s[3,1] pad 2 on 8×9 (corrupted the wasm heap)', x: [2, 8, 9, 10], filter: [2, 5, 10, 12], strides: [3, 1], pad: 2 },
  { name: '3×3 s[2,1] pad 1', x: [2, 9, 7, 3], filter: [3, 3, 3, 4], strides: [2, 1], pad: 1 },
  { name: '1×7 s1 pad 3 (a factorised conv)', x: [1, 6, 11, 4], filter: [1, 7, 4, 5], strides: 1, pad: 3 },
  { name: '3×1 s[1,2] pad 0', x: [2, 7, 8, 3], filter: [3, 1, 3, 2], strides: [1, 2], pad: 0 },
  { name: '3×3 dilated [2,1] pad 2', x: [1, 9, 9, 2], filter: [3, 3, 2, 3], strides: 1, pad: 2, dilations: [2, 1] },
];

const explicit = (pad: number) => [[0, 0], [pad, pad], [pad, pad], [0, 0]] as [[number, number], [number, number], [number, number], [number, number]];

function convAndGradients(c: ConvCase, pad: number | ReturnType<typeof explicit>) {
  return tf.tidy(() => {
    const x = tf.randomNormal(c.x, 0, 1, 'float32', 1) as tf.Tensor4D;
    const filter = tf.randomNormal(c.filter, 0, 1, 'float32', 2) as tf.Tensor4D;
    const conv = (a: tf.Tensor, w: tf.Tensor) => tf.conv2d(a as tf.Tensor4D, w as tf.Tensor4D, c.strides, pad, 'NHWC', c.dilations ?? 1);
    const y = conv(x, filter);
    const values = { shape: y.shape, y: Array.from(y.dataSync()), dx: [] as number[], dw: [] as number[] };
    if (c.dilations !== undefined) return values; // tfjs has no gradient for dilated conv2d
    const dy = tf.randomNormal(y.shape, 0, 1, 'float32', 3);
    const [dx, dw] = tf.grads((a: tf.Tensor, w: tf.Tensor) => tf.sum(tf.mul(conv(a, w), dy)))([x, filter]);
    return { ...values, dx: Array.from(dx.dataSync()), dw: Array.from(dw.dataSync()) };
  });
}

function expectSame(actual: number[], expected: number[], label: string) {
  expect(actual.length, label).toBe(expected.length);
  if (expected.length === 0) return;
  const scale = Math.max(...expected.map(Math.abs));
  const diff = Math.max(...actual.map((v, i) => Math.abs(v - expected[i])));
  expect(diff / scale, label).toBeLessThan(1e-5);
}

for (const backend of ['cpu', 'wasm'] as const) {
  describe(`numeric padding on ${backend}`, () => {
    beforeAll(async () => {
      await initBackend(backend);
    });

    it.each(CASES)('$name: conv2d and its gradients as with explicit padding', (c) => {
      const tensors = tf.memory().numTensors;
      const numeric = convAndGradients(c, c.pad);
      const written = convAndGradients(c, explicit(c.pad));
      expect(numeric.shape).toEqual(written.shape);
      for (const key of ['y', 'dx', 'dw'] as const) expectSame(numeric[key], written[key], key);
      expect(tf.memory().numTensors).toBe(tensors);
    });

    it('depthwise and fused convolutions too', () => {
      const [depthwise, fused] = tf.tidy(() => {
        const x = tf.randomNormal([2, 7, 10, 3], 0, 1, 'float32', 4) as tf.Tensor4D;
        const filter = tf.randomNormal([2, 4, 3, 2], 0, 1, 'float32', 5) as tf.Tensor4D;
        const convFilter = tf.randomNormal([2, 4, 3, 5], 0, 1, 'float32', 6) as tf.Tensor4D;
        const bias = tf.randomNormal([5], 0, 1, 'float32', 7) as tf.Tensor1D;
        const run = (pad: number | ReturnType<typeof explicit>) => [
          tf.depthwiseConv2d(x, filter, [1, 2], pad),
          tf.fused.conv2d({ x, filter: convFilter, strides: [2, 1], pad, bias, activation: 'relu' }),
        ];
        return run(1).map((t, i) => [t.shape, Array.from(t.dataSync()), run(explicit(1))[i]] as const).map(([shape, values, other]) => ({ shape, values, otherShape: other.shape, other: Array.from(other.dataSync()) }));
      });
      for (const r of [depthwise, fused]) {
        expect(r.shape).toEqual(r.otherShape);
        expectSame(r.values, r.other, 'values');
      }
    });

    it('max and average pooling with a non-square window: the shape and values of a direct computation', () => {
      const x = tf.randomNormal([1, 5, 7, 2], 0, 1, 'float32', 8) as tf.Tensor4D;
      const values = x.dataSync();
      const [maxPooled, avgPooled] = [tf.maxPool(x, [2, 3], [1, 2], 1), tf.avgPool(x, [2, 3], [1, 2], 1)];
      // out = floor((in + 2·pad − window) / stride) + 1 per dimension: 5 + 2 − 2 + 1 = 6 rows, (7 + 2 − 3) / 2 + 1 = 4 columns
      expect(maxPooled.shape).toEqual([1, 6, 4, 2]);
      expect(avgPooled.shape).toEqual([1, 6, 4, 2]);
      const got = { max: maxPooled.dataSync(), avg: avgPooled.dataSync() };
      for (let r = 0; r < 6; r++) {
        for (let q = 0; q < 4; q++) {
          for (let ch = 0; ch < 2; ch++) {
            let max = Number.NEGATIVE_INFINITY;
            let sum = 0;
            let count = 0;
            for (let i = r - 1; i < r + 1; i++) {
              for (let j = 2 * q - 1; j < 2 * q + 2; j++) {
                if (i < 0 || i >= 5 || j < 0 || j >= 7) continue; // padding takes no part, in either pool
                const v = values[(i * 7 + j) * 2 + ch];
                max = Math.max(max, v);
                sum += v;
                count++;
              }
            }
            const at = (r * 4 + q) * 2 + ch;
            expect(got.max[at]).toBeCloseTo(max, 5);
            expect(got.avg[at]).toBeCloseTo(sum / count, 5);
          }
        }
      }
      tf.dispose([x, maxPooled, avgPooled]);
    });
  });
}

describe('explicitPadding', () => {
  const filter = (h: number, w: number) => ({ filter: { shape: [h, w, 1, 1] } }) as never;
  it('rewrites only what tfjs would size wrongly', () => {
    expect(explicitPadding('Conv2D', filter(3, 3), { pad: 1, strides: [2, 2] })).toBeNull();
    expect(explicitPadding('Conv2D', filter(3, 3), { pad: 'same', strides: [2, 1] })).toBeNull();
    expect(explicitPadding('Conv2D', filter(3, 5), { pad: 1, strides: 1 })).toEqual([[0, 0], [1, 1], [1, 1], [0, 0]]);
    expect(explicitPadding('Conv2D', filter(3, 3), { pad: 2, strides: [2, 1], dataFormat: 'NCHW' })).toEqual([[0, 0], [0, 0], [2, 2], [2, 2]]);
    expect(explicitPadding('Conv2D', filter(3, 3), { pad: 1, strides: 1, dilations: [1, 2] })).not.toBeNull();
    expect(explicitPadding('MaxPool', {}, { pad: 0, strides: [2, 2], filterSize: [2, 3] })).not.toBeNull();
    expect(explicitPadding('Relu', {}, { pad: 1 })).toBeNull();
  });
});
