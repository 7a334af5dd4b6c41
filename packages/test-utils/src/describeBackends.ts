// One suite, run once per backend (after tfjs's describeWithFlags): each gets the backend initialised through
// @icnn/runtime, so the suite exercises exactly what users run, training kernels included.
import * as tf from '@tensorflow/tfjs-core';
import { initBackend, type BackendName } from '@icnn/runtime';
import { beforeAll, describe } from 'vitest';

/** The backends every numerical suite runs on here (CI has no GPU). */
export const TEST_BACKENDS: BackendName[] = ['cpu', 'wasm'];

export function describeBackends(
  title: string,
  suite: (backend: BackendName) => void,
  backends: BackendName[] = TEST_BACKENDS,
): void {
  for (const backend of backends) {
    describe(`${title} [${backend}]`, () => {
      beforeAll(async () => {
        await initBackend(backend);
        tf.setBackend(backend);
      });
      suite(backend);
    });
  }
}
