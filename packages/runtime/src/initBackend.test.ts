import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { BackendUnavailableError } from './errors';
import { initBackend } from './initBackend';
import { assertMatchingVersions } from './versions';

describe('initBackend', () => {
  it('starts the embedded wasm default and reports what it got', async () => {
    const info = await initBackend();
    expect(info.backend).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(info.threads).toBeGreaterThanOrEqual(1);
    expect(typeof info.simd).toBe('boolean');
    expect(info.device).toMatch(/\S/);
    expect(info.versions['@tensorflow/tfjs-backend-wasm']).toBe(tf.version_core);
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeDefined();
  });

  it('registers gradients and chained ops', async () => {
    await initBackend('wasm');
    const x = tf.tensor1d([1, 2, 3]);
    const g = tf.grad((v: tf.Tensor) => tf.sum(tf.square(v)))(x);
    expect(Array.from(await g.data())).toEqual([2, 4, 6]);
    expect(typeof (x as unknown as { sum?: unknown }).sum).toBe('function');
    tf.dispose([x, g]);
  });

  it('switches to cpu and back', async () => {
    expect((await initBackend('cpu')).backend).toBe('cpu');
    expect((await initBackend('wasm')).backend).toBe('wasm');
  });

  it("says what to install for 'tensorflow' when tfjs-node is absent", async () => {
    await expect(initBackend('tensorflow')).rejects.toThrow(/not installed\. Install @tensorflow\/tfjs-node-gpu@4\.22\.0 or @tensorflow\/tfjs-node@4\.22\.0/);
    expect(tf.getBackend()).toBe('wasm');
  });

  it("explains why 'webgpu' is unavailable here", async () => {
    const error = await initBackend('webgpu').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackendUnavailableError);
    // Without the optional `webgpu` package: what to install; with it but no adapter (CPU-only machine): why.
    expect(String((error as Error).message)).toMatch(/npm install webgpu|no GPU adapter|failed to load/);
    expect(String((error as Error).message)).not.toMatch(/backend not found/i);
  });

  it("'auto' falls back to wasm when nothing faster is installed", async () => {
    expect((await initBackend('auto')).backend).toBe('wasm');
  });

  it('rejects an unknown name, listing the allowed ones', async () => {
    await expect(initBackend('webgl' as never)).rejects.toThrow(/unknown backend; choose one of 'auto', 'wasm', 'cpu', 'tensorflow', 'webgpu'/);
  });
});

describe('assertMatchingVersions', () => {
  it('refuses mixed @tensorflow versions, naming them and the fix', () => {
    expect(() => assertMatchingVersions('wasm', { '@tensorflow/tfjs-backend-wasm': '4.21.0' })).toThrow(
      /mixed TensorFlow\.js versions \(@tensorflow\/tfjs-core@4\.22\.0, @tensorflow\/tfjs-backend-wasm@4\.21\.0\).*npm install @tensorflow\/tfjs-backend-wasm@4\.22\.0/,
    );
    expect(() => assertMatchingVersions('wasm', { '@tensorflow/tfjs-backend-wasm': tf.version_core })).not.toThrow();
  });
});
