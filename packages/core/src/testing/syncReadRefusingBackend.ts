// A backend that computes with the cpu kernels under another name and refuses synchronous reads of its tensors, as
// WebGPU in Node does (dataSync and moves to another backend need OffscreenCanvas there). Core cannot depend on
// @icnn/runtime, whose webgpu stand-in does the same with icnn's webgpu kernels; this is the part the loss core needs.
import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';

export const SYNC_READ_REFUSING = 'cpu-refusing-sync-reads';

interface EngineInternals {
  readSync(dataId: tf.DataId): unknown;
  state: { tensorInfo: WeakMap<tf.DataId, { backend: object }> };
}

/** Registers the backend once (the cpu backend must be initialised) and makes it the active one. */
export async function useSyncReadRefusingBackend(): Promise<void> {
  if (tf.findBackendFactory(SYNC_READ_REFUSING) == null) {
    class Refusing extends MathBackendCPU {}
    tf.registerBackend(SYNC_READ_REFUSING, () => new Refusing(), -1);
    tf.copyRegisteredKernels('cpu', SYNC_READ_REFUSING);
    const engine = tf.engine() as unknown as EngineInternals;
    const readSync = engine.readSync.bind(engine);
    engine.readSync = (dataId) => {
      if (engine.state.tensorInfo.get(dataId)?.backend instanceof Refusing) throw new Error('synchronous read refused');
      return readSync(dataId);
    };
  }
  await tf.setBackend(SYNC_READ_REFUSING);
}
