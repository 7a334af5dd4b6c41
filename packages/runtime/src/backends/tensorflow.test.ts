// initBackend('tensorflow') without libtensorflow: the optional imports are replaced by fakes, the 'tensorflow'
// backend by the cpu one, so that what is checked is the choice between tfjs-node-gpu and tfjs-node.
import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { BackendUnavailableError } from '../errors';

const installed: Record<string, 'missing' | 'broken' | { gpu: boolean | undefined }> = {};

vi.mock('../importOptional', () => ({
  importOptional: async (backend: string, specifier: string) => {
    const state = installed[specifier] ?? 'missing';
    if (state === 'missing') return undefined;
    if (state === 'broken') throw new BackendUnavailableError(backend, `${specifier} is installed but failed to load: libcudart.so.11.0: cannot open shared object file`);
    if (!tf.findBackendFactory('tensorflow')) {
      tf.registerBackend('tensorflow', () => Object.assign(new MathBackendCPU(), { isGPUPackage: specifier.endsWith('-gpu'), isUsingGpuDevice: state.gpu }), -1);
    }
    return { version: tf.version_core, version_core: tf.version_core };
  },
}));

const { initBackend } = await import('../initBackend');

describe("initBackend('tensorflow') picks tfjs-node-gpu, else tfjs-node", () => {
  beforeAll(async () => {
    await initBackend('cpu');
  });
  afterEach(async () => {
    await tf.setBackend('cpu');
    if (tf.findBackendFactory('tensorflow')) tf.removeBackend('tensorflow');
    for (const key of Object.keys(installed)) delete installed[key];
  });

  it('uses tfjs-node-gpu with a CUDA device', async () => {
    installed['@tensorflow/tfjs-node-gpu'] = { gpu: true };
    const info = await initBackend('tensorflow');
    expect(info.backend).toBe('tensorflow');
    expect(info.device).toBe('libtensorflow with CUDA (tfjs-node-gpu)');
    expect(info.versions['@tensorflow/tfjs-node-gpu']).toBe(tf.version_core);
  });

  it('says when tfjs-node-gpu runs without a GPU', async () => {
    installed['@tensorflow/tfjs-node-gpu'] = { gpu: false };
    expect((await initBackend('tensorflow')).device).toBe('libtensorflow on the CPU: tfjs-node-gpu found no CUDA GPU');
  });

  it('falls back to tfjs-node when tfjs-node-gpu cannot load, and says why', async () => {
    installed['@tensorflow/tfjs-node-gpu'] = 'broken';
    installed['@tensorflow/tfjs-node'] = { gpu: undefined };
    const info = await initBackend('tensorflow');
    expect(info.device).toMatch(/^libtensorflow on the CPU \(tfjs-node\); @tensorflow\/tfjs-node-gpu failed to load \(.*libcudart\.so\.11\.0/);
    expect(info.versions['@tensorflow/tfjs-node']).toBe(tf.version_core);
  });

  it('fails with the load error when the one binding asked for cannot load', async () => {
    installed['@tensorflow/tfjs-node-gpu'] = 'broken';
    installed['@tensorflow/tfjs-node'] = { gpu: undefined };
    await expect(initBackend('tensorflow', { tensorflowPackage: '@tensorflow/tfjs-node-gpu' })).rejects.toThrow(/tfjs-node-gpu is installed but failed to load: libcudart/);
  });

  it('fails with every reason when no binding loads', async () => {
    installed['@tensorflow/tfjs-node-gpu'] = 'broken';
    await expect(initBackend('tensorflow')).rejects.toThrow(/icnn backend 'tensorflow': @tensorflow\/tfjs-node-gpu failed to load \(.*libcudart/);
  });
});
