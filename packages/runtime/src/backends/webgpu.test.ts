// initBackend('webgpu') without a GPU: a fake navigator.gpu with an adapter, and a caller-supplied tfjs-webgpu
// loader that registers the cpu backend's kernels under the name 'webgpu'. What is checked is the wiring: the loader
// runs only once navigator.gpu exists, icnn's conv gradient kernels are installed (and switched by webgpuKernels), and
// they compute what the cpu backend does.
import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BackendUnavailableError } from '../errors';
import { initBackend } from '../initBackend';
import { provideWebgpuModules } from './webgpu';
import { relativeError } from '../testing/cpuVsWasm';
import { registeredKernel } from '../testing/registeredKernel';

const g = globalThis as { navigator?: unknown };
const fakeGpu = { requestAdapter: async () => ({ info: { vendor: 'test-vendor', architecture: 'test-arch' } }) };
let sawGpuWhenLoading: boolean | undefined;

async function fakeTfjsWebgpu() {
  sawGpuWhenLoading = (g.navigator as { gpu?: unknown } | undefined)?.gpu === fakeGpu;
  if (!tf.findBackendFactory('webgpu')) {
    tf.registerBackend('webgpu', () => new MathBackendCPU(), -1);
    tf.copyRegisteredKernels('cpu', 'webgpu');
  }
  return { version_webgpu: tf.version_core };
}

/** dW and dx of a 3×3 stride-2 convolution of fixed inputs, on the active backend. */
async function convGradients(): Promise<Float32Array[]> {
  const [dx, dw] = tf.grads((x: tf.Tensor, w: tf.Tensor) => tf.sum(tf.square(tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, 2, 'same'))))([
    tf.tensor4d(Array.from({ length: 2 * 9 * 9 * 3 }, (_, i) => Math.sin(i)), [2, 9, 9, 3]),
    tf.tensor4d(Array.from({ length: 3 * 3 * 3 * 4 }, (_, i) => Math.cos(i)), [3, 3, 3, 4]),
  ]);
  const out = [(await dx.data()) as Float32Array, (await dw.data()) as Float32Array];
  tf.dispose([dx, dw]);
  return out;
}

describe("initBackend('webgpu') wiring (fake adapter, cpu kernels under the name 'webgpu')", () => {
  beforeAll(async () => {
    await initBackend('cpu');
    Object.defineProperty(globalThis, 'navigator', { value: { gpu: fakeGpu }, configurable: true, writable: true });
  });
  afterAll(async () => {
    await tf.setBackend('cpu');
    if (tf.findBackendFactory('webgpu')) tf.removeBackend('webgpu');
    for (const k of tf.getKernelsForBackend('webgpu')) tf.unregisterKernel(k.kernelName, 'webgpu');
    delete g.navigator;
  });

  it('loads tfjs-webgpu through the given loader after navigator.gpu exists, and installs the conv gradients', async () => {
    const info = await initBackend('webgpu', { webgpuModules: { backend: fakeTfjsWebgpu } });
    expect(sawGpuWhenLoading).toBe(true);
    expect(info.backend).toBe('webgpu');
    expect(info.device).toBe('test-vendor test-arch');
    expect(info.trainingKernels).toEqual(['Conv2DBackpropFilter', 'Conv2DBackpropInput']);
    const onWebgpu = await convGradients();
    await tf.setBackend('cpu');
    const onCpu = await convGradients();
    expect(relativeError(onWebgpu[0], onCpu[0])).toBeLessThanOrEqual(1e-5);
    expect(relativeError(onWebgpu[1], onCpu[1])).toBeLessThanOrEqual(1e-5);
  });

  it('takes webgpuKernels options, back to the stock kernels too', async () => {
    const stock = await initBackend('webgpu', { webgpuModules: { backend: fakeTfjsWebgpu }, webgpuKernels: { filterGradient: 'stock', inputGradient: 'stock' } });
    expect(stock.trainingKernels).toEqual([]);
    expect(registeredKernel('Conv2DBackpropFilter', 'webgpu').kernelFunc).toBe(registeredKernel('Conv2DBackpropFilter', 'cpu').kernelFunc);
    const conv = await initBackend('webgpu', { webgpuModules: { backend: fakeTfjsWebgpu }, webgpuKernels: { filterGradient: 'conv' } });
    expect(conv.trainingKernels).toEqual(['Conv2DBackpropFilter', 'Conv2DBackpropInput']);
    await expect(initBackend('webgpu', { webgpuModules: { backend: fakeTfjsWebgpu }, webgpuKernels: { splitInner: -1 } })).rejects.toThrow(
      /'splitInner' must be a positive integer, got -1/,
    );
  });

  it('explains a loader that fails or registers no backend', async () => {
    const failing = await initBackend('webgpu', { webgpuModules: { backend: () => Promise.reject(new Error('chunk missing')) } }).catch((e: unknown) => e);
    expect(failing).toBeInstanceOf(BackendUnavailableError);
    expect((failing as Error).message).toMatch(/loading @tensorflow\/tfjs-backend-webgpu \(webgpuModules\.backend\) failed: chunk missing/);
    await tf.setBackend('cpu');
    tf.removeBackend('webgpu');
    const silent = await initBackend('webgpu', { webgpuModules: { backend: async () => ({ version_webgpu: tf.version_core }) } }).catch((e: unknown) => e);
    expect((silent as Error).message).toMatch(/registered no backend: it was imported before navigator\.gpu existed/);
  });

  it('uses loaders provided once for the whole program when a call gives none', async () => {
    sawGpuWhenLoading = undefined;
    provideWebgpuModules({ backend: fakeTfjsWebgpu });
    try {
      expect((await initBackend('webgpu')).backend).toBe('webgpu');
      expect(sawGpuWhenLoading).toBe(true);
    } finally {
      provideWebgpuModules({});
    }
  });

  it('reports a missing adapter', async () => {
    Object.defineProperty(globalThis, 'navigator', { value: { gpu: { requestAdapter: async () => null } }, configurable: true, writable: true });
    await expect(initBackend('webgpu', { webgpuModules: { backend: fakeTfjsWebgpu } })).rejects.toThrow(/found no GPU adapter/);
  });
});
