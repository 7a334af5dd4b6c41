// The gradients of tf.depthwiseConv2d on cpu and on wasm (where icnn composes both kernels, which stock tfjs-wasm
// lacks) against a float64 reference written from the definition, itself checked by finite differences; and wasm
// against cpu on the same inputs. Strides 1, 2 and [1, 2], 'same' / 'valid' / numeric / explicit padding, channel
// multipliers 1-3, kernels 1×1 to 5×5 and 2×3, odd and rectangular maps.
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../initBackend';
import { cpuVsWasm, expectClose, relativeError } from '../testing/cpuVsWasm';
import { depthwiseForward64, depthwiseGeometry, depthwiseGradients64, type DepthwisePad, type Shape4 } from '../testing/depthwiseReference';
import { registeredKernel } from '../testing/registeredKernel';

interface DepthwiseCase {
  name: string;
  x: Shape4;
  filter: Shape4;
  strides: number | [number, number];
  pad: DepthwisePad;
}

const CASES: DepthwiseCase[] = [
  { name: '3×3 s1 same, m 1', x: [2, 7, 7, 4], filter: [3, 3, 4, 1], strides: 1, pad: 'same' },
  { name: '3×3 s2 same, m 1, odd 9×8', x: [2, 9, 8, 5], filter: [3, 3, 5, 1], strides: 2, pad: 'same' },
  { name: '3×3 s2 valid, m 1', x: [2, 9, 9, 3], filter: [3, 3, 3, 1], strides: 2, pad: 'valid' },
  { name: '5×5 s2 same, m 2, 11×10', x: [1, 11, 10, 3], filter: [5, 5, 3, 2], strides: 2, pad: 'same' },
  { name: '3×3 s1 valid, m 3', x: [2, 6, 7, 2], filter: [3, 3, 2, 3], strides: 1, pad: 'valid' },
  { name: '1×1 s2 valid, m 1', x: [2, 5, 5, 4], filter: [1, 1, 4, 1], strides: 2, pad: 'valid' },
  { name: '3×3 s2 explicit [0,1]×[0,1] (Keras MobileNet), m 1', x: [2, 8, 8, 6], filter: [3, 3, 6, 1], strides: 2, pad: [[0, 0], [0, 1], [0, 1], [0, 0]] },
  { name: '3×3 s2 pad 1, m 1, 32 channels', x: [2, 10, 10, 32], filter: [3, 3, 32, 1], strides: 2, pad: 1 },
  { name: '2×3 s[1,2] same, m 2', x: [2, 6, 9, 3], filter: [2, 3, 3, 2], strides: [1, 2], pad: 'same' },
  { name: '3×3 s3 same (stride past the kernel), m 1', x: [1, 10, 11, 5], filter: [3, 3, 5, 1], strides: 3, pad: 'same' },
];

interface Inputs {
  x: Float32Array;
  filter: Float32Array;
  dy: Float32Array;
}

function makeInputs(c: DepthwiseCase): Inputs {
  const out = depthwiseGeometry(c.x, c.filter, c.strides, c.pad).out;
  return tf.tidy(() => ({
    x: tf.randomUniform(c.x, -1, 1, 'float32', 1).dataSync() as Float32Array,
    filter: tf.randomUniform(c.filter, -1, 1, 'float32', 2).dataSync() as Float32Array,
    dy: tf.randomUniform(out, -1, 1, 'float32', 3).dataSync() as Float32Array,
  }));
}

/** dL/dx and dL/dW of L = Σ depthwiseConv2d(x, W) · dy through tfjs's gradient on the active backend. */
function gradientsOn(c: DepthwiseCase, inputs: Inputs): { dx: Float32Array; dw: Float32Array } {
  return tf.tidy(() => {
    const x = tf.tensor4d(inputs.x, c.x);
    const filter = tf.tensor4d(inputs.filter, c.filter);
    const dy = tf.tensor4d(inputs.dy, depthwiseGeometry(c.x, c.filter, c.strides, c.pad).out);
    const [dx, dw] = tf.grads((a: tf.Tensor, w: tf.Tensor) =>
      tf.sum(tf.mul(tf.depthwiseConv2d(a as tf.Tensor4D, w as tf.Tensor4D, c.strides, c.pad), dy)),
    )([x, filter]);
    return { dx: dx.dataSync() as Float32Array, dw: dw.dataSync() as Float32Array };
  });
}

beforeAll(async () => {
  await initBackend('cpu');
  await initBackend('wasm');
});

describe('float64 depthwise reference', () => {
  it('its forward output has tfjs\'s shape, and its gradients equal finite differences of its forward', async () => {
    for (const c of [CASES[1], CASES[3], CASES[6], CASES[8]]) {
      await tf.setBackend('cpu');
      const { x, filter, dy } = makeInputs(c);
      const g = depthwiseGeometry(c.x, c.filter, c.strides, c.pad);
      const tfShape = tf.tidy(() => tf.depthwiseConv2d(tf.tensor4d(x, c.x), tf.tensor4d(filter, c.filter), c.strides, c.pad).shape);
      expect(g.out, c.name).toEqual(tfShape);
      const loss = (xs: ArrayLike<number>, ws: ArrayLike<number>) => depthwiseForward64(g, xs, ws).reduce((s, v, i) => s + v * dy[i], 0);
      const { dx, dw } = depthwiseGradients64(g, x, filter, dy);
      // L is linear in each argument, so a central difference with h = 1e-3 is exact up to float64 rounding.
      const h = 1e-3;
      const probe = (values: Float32Array, at: number, f: (v: Float64Array) => number) => {
        const v = Float64Array.from(values);
        v[at] = values[at] + h;
        const up = f(v);
        v[at] = values[at] - h;
        return (up - f(v)) / (2 * h);
      };
      const fdX = Array.from(dx, (_, i) => probe(x, i, (v) => loss(v, filter)));
      const fdW = Array.from(dw, (_, i) => probe(filter, i, (v) => loss(x, v)));
      expect(relativeError(dx, fdX), `${c.name}: dx`).toBeLessThan(1e-9);
      expect(relativeError(dw, fdW), `${c.name}: dW`).toBeLessThan(1e-9);
    }
  });
});

for (const backend of ['cpu', 'wasm'] as const) {
  describe(`depthwiseConv2d gradients vs the float64 reference [${backend}]`, () => {
    for (const c of CASES) {
      it(c.name, async () => {
        await tf.setBackend('cpu');
        const inputs = makeInputs(c);
        const expected = depthwiseGradients64(depthwiseGeometry(c.x, c.filter, c.strides, c.pad), inputs.x, inputs.filter, inputs.dy);
        await tf.setBackend(backend);
        const tensors = tf.memory().numTensors;
        const buffers = tf.backend().numDataIds();
        const { dx, dw } = gradientsOn(c, inputs);
        expect(tf.memory().numTensors, 'tensors leaked').toBe(tensors);
        expect(tf.backend().numDataIds(), 'backend buffers leaked').toBe(buffers);
        expect(relativeError(dx, expected.dx), 'dx').toBeLessThan(2e-6);
        expect(relativeError(dw, expected.dw), 'dW').toBeLessThan(2e-6);
      });
    }
  });
}

describe('wasm depthwise gradient kernels', () => {
  it('equal the cpu backend\'s on every case', async () => {
    for (const c of CASES) {
      const result = await cpuVsWasm(() => makeInputs(c), (inputs) => gradientsOn(c, inputs));
      expectClose(result, 2e-6);
    }
  });

  it('are icnn\'s compositions of the forward depthwise kernel (stock tfjs-wasm registers neither)', () => {
    for (const name of ['DepthwiseConv2dNativeBackpropInput', 'DepthwiseConv2dNativeBackpropFilter']) {
      expect(String(registeredKernel(name, 'wasm').kernelFunc), name).toContain('DepthwiseConv2dNative');
    }
  });

  it('refuses dilation, naming the kernel', async () => {
    await tf.setBackend('wasm');
    const x = tf.ones([1, 5, 5, 2]);
    const dy = tf.ones([1, 1, 1, 2]);
    expect(() => tf.engine().runKernel('DepthwiseConv2dNativeBackpropFilter', { x, dy }, { strides: 1, pad: 'valid', dilations: 2, filterShape: [3, 3, 2, 1] }))
      .toThrow(/DepthwiseConv2dNativeBackpropFilter supports dilation 1 only/);
    tf.dispose([x, dy]);
  });
});
