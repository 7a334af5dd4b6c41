// The split-K weight gradient (and the composed input gradient registered with it for webgpu) run on the cpu
// backend, against the cpu backend's stock kernels on the same inputs: the kernels are written against kernel names,
// so what runs here is what runs on webgpu, with only the primitive kernels (pad, slice, batched matMul, sum, pack)
// swapped for tfjs-webgpu's.
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../initBackend';
import { relativeError } from '../testing/cpuVsWasm';
import { conv2dBackpropFilterSplitK } from './conv2dBackpropFilterSplitK';
import { webgpuTrainingKernels } from './webgpuTrainingKernels';

type Pad = 'same' | 'valid' | number | [[number, number], [number, number], [number, number], [number, number]];
interface ConvCase {
  name: string;
  x: [number, number, number, number];
  filter: [number, number, number, number];
  strides: number | [number, number];
  pad: Pad;
}

const CASES: ConvCase[] = [
  { name: '3×3 s1 same (VGG)', x: [2, 8, 8, 3], filter: [3, 3, 3, 4], strides: 1, pad: 'same' },
  { name: '1×1 s1 valid', x: [3, 7, 9, 5], filter: [1, 1, 5, 8], strides: 1, pad: 'valid' },
  { name: '5×5 s2 valid, odd 13×11', x: [2, 13, 11, 4], filter: [5, 5, 4, 6], strides: 2, pad: 'valid' },
  { name: '3×3 s3 same, 10×7', x: [2, 10, 7, 3], filter: [3, 3, 3, 5], strides: 3, pad: 'same' },
  { name: '3×3 s2 explicit [1,2]×[2,0]', x: [2, 9, 9, 4], filter: [3, 3, 4, 3], strides: 2, pad: [[0, 0], [1, 2], [2, 0], [0, 0]] },
  { name: '11×11 s4 valid (AlexNet conv1)', x: [1, 35, 35, 3], filter: [11, 11, 3, 8], strides: 4, pad: 'valid' },
  { name: '7×7 s2 pad 3 (ResNet stem)', x: [1, 17, 17, 3], filter: [7, 7, 3, 6], strides: 2, pad: 3 },
  { name: '2×3 s[1,2] same', x: [2, 6, 11, 3], filter: [2, 3, 3, 4], strides: [1, 2], pad: 'same' },
  { name: '1×1 s2 valid (ResNet shortcut)', x: [2, 9, 9, 6], filter: [1, 1, 6, 4], strides: 2, pad: 'valid' },
  { name: '3×3 s1 pad 1, 14×14, 32→32', x: [4, 14, 14, 32], filter: [3, 3, 32, 32], strides: 1, pad: 1 },
  { name: '5×5 s3 same, 13×13 (prime reduction length)', x: [1, 13, 13, 2], filter: [5, 5, 2, 3], strides: 3, pad: 'same' },
];

/** splitInner 1: as many groups as the reduction allows; 7: a few; 1024: usually one group. */
const SPLITS = [1, 7, 1024];

function attrsFor(c: ConvCase, extra: Record<string, unknown>) {
  return { strides: c.strides, pad: c.pad, dataFormat: 'NHWC', dimRoundingMode: undefined, ...extra } as unknown as tf.NamedAttrMap;
}

/** Runs a kernel function directly on the active backend and reads its output back, releasing it. */
async function runKernel(kernelFunc: tf.KernelFunc, inputs: Record<string, tf.Tensor>, attrs: tf.NamedAttrMap): Promise<Float32Array> {
  const backend = tf.backend();
  const out = kernelFunc({ inputs, attrs, backend }) as tf.TensorInfo;
  const values = (await backend.read(out.dataId)) as Float32Array;
  backend.disposeData(out.dataId);
  return values;
}

function makeInputs(c: ConvCase) {
  const x = tf.randomUniform(c.x, -1, 1, 'float32', 1) as tf.Tensor4D;
  const filter = tf.randomUniform(c.filter, -1, 1, 'float32', 2) as tf.Tensor4D;
  const dy = tf.tidy(() => tf.randomUniform(tf.conv2d(x, filter, c.strides, c.pad).shape, -1, 1, 'float32', 3)) as tf.Tensor4D;
  return { x, filter, dy };
}

describe('split-K Conv2DBackpropFilter on the cpu backend vs its stock kernel', () => {
  beforeAll(async () => {
    await initBackend('cpu');
  });

  for (const c of CASES) {
    it(c.name, async () => {
      const { x, filter, dy } = makeInputs(c);
      const stock = tf.getKernel('Conv2DBackpropFilter', 'cpu')!.kernelFunc;
      const attrs = attrsFor(c, { filterShape: c.filter });
      const expected = await runKernel(stock, { x, dy }, attrs);
      for (const splitInner of SPLITS) {
        const tensorsBefore = tf.memory().numTensors;
        const buffersBefore = tf.backend().numDataIds();
        const actual = await runKernel(conv2dBackpropFilterSplitK('cpu', { splitInner }).kernelFunc, { x, dy }, attrs);
        expect(tf.memory().numTensors, `tensors leaked (splitInner ${splitInner})`).toBe(tensorsBefore);
        expect(tf.backend().numDataIds(), `backend buffers leaked (splitInner ${splitInner})`).toBe(buffersBefore);
        expect(actual.length).toBe(expected.length);
        expect(relativeError(actual, expected), `splitInner ${splitInner}`).toBeLessThanOrEqual(1e-5);
      }
      tf.dispose([x, filter, dy]);
    });
  }
});

describe('the webgpu kernel set on the cpu backend vs its stock kernels', () => {
  beforeAll(async () => {
    await initBackend('cpu');
  });

  it('returns the kernels the options ask for', () => {
    const names = (options: Parameters<typeof webgpuTrainingKernels>[1]) => webgpuTrainingKernels('cpu', options).map((k) => k.kernelName);
    expect(names({})).toEqual(['Conv2DBackpropFilter', 'Conv2DBackpropInput']);
    expect(names({ filterGradient: 'stock' })).toEqual(['Conv2DBackpropInput']);
    expect(names({ filterGradient: 'conv', inputGradient: 'stock' })).toEqual(['Conv2DBackpropFilter']);
    expect(() => names({ filterGradient: 'fast' as never })).toThrow(/'filterGradient' must be one of 'splitK', 'conv', 'stock', got "fast"/);
    expect(() => names({ splitInner: 0 })).toThrow(/'splitInner' must be a positive integer, got 0/);
  });

  for (const c of CASES) {
    it(`${c.name}: both gradients, every filter-gradient choice`, async () => {
      const { x, filter, dy } = makeInputs(c);
      const filterAttrs = attrsFor(c, { filterShape: c.filter });
      const inputAttrs = attrsFor(c, { inputShape: c.x });
      const expectedFilter = await runKernel(tf.getKernel('Conv2DBackpropFilter', 'cpu')!.kernelFunc, { x, dy }, filterAttrs);
      const expectedInput = await runKernel(tf.getKernel('Conv2DBackpropInput', 'cpu')!.kernelFunc, { dy, filter }, inputAttrs);
      for (const filterGradient of ['splitK', 'conv'] as const) {
        const buffersBefore = tf.backend().numDataIds();
        const [filterKernel, inputKernel] = webgpuTrainingKernels('cpu', { filterGradient, splitInner: 5 });
        const dw = await runKernel(filterKernel.kernelFunc, { x, dy }, filterAttrs);
        const dx = await runKernel(inputKernel.kernelFunc, { dy, filter }, inputAttrs);
        expect(tf.backend().numDataIds(), 'backend buffers leaked').toBe(buffersBefore);
        expect(relativeError(dw, expectedFilter), `dW (${filterGradient})`).toBeLessThanOrEqual(1e-5);
        expect(relativeError(dx, expectedInput), 'dx').toBeLessThanOrEqual(1e-5);
      }
      tf.dispose([x, filter, dy]);
    });
  }
});
