// A CPU stand-in for the webgpu backend, for machines without a GPU: tfjs's cpu kernels under another backend name,
// icnn's webgpu conv gradient kernels in place of the stock ones, and synchronous reads refused — dataSync(),
// arraySync() and moving a tensor to another backend fail as they do on WebGPU in Node (they need OffscreenCanvas).
// Code that trains on it without error and matches the cpu backend is safe to run on webgpu.
import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { copyRegisteredKernels, engine, findBackendFactory, getKernel, registerBackend, type DataId } from '@tensorflow/tfjs-core';
import { registerWebgpuTrainingKernels } from './webgpuTrainingKernels';
import type { WebgpuKernelOptions } from './webgpuKernelOptions';

export const WEBGPU_STAND_IN = 'webgpu-standin';

const REFUSES_SYNC_READS = Symbol.for('icnn.refusesSyncReads');
const GUARDED = Symbol.for('icnn.syncReadGuard');

interface EngineInternals {
  readSync(dataId: DataId): unknown;
  state: { tensorInfo: WeakMap<DataId, { backend: object }> };
  [GUARDED]?: true;
}

/** Makes the engine refuse synchronous reads of tensors that live on a backend marked REFUSES_SYNC_READS. */
function guardSyncReads(): void {
  const e = engine() as unknown as EngineInternals;
  if (e[GUARDED]) return;
  const readSync = e.readSync.bind(e);
  e.readSync = (dataId: DataId) => {
    const owner = e.state.tensorInfo.get(dataId)?.backend as { [REFUSES_SYNC_READS]?: string } | undefined;
    if (owner?.[REFUSES_SYNC_READS]) {
      throw new Error(
        `icnn ${owner[REFUSES_SYNC_READS]}: synchronous read refused (dataSync, arraySync, bufferSync, print, or a move to another ` +
          'backend) — WebGPU in Node cannot read synchronously; use await tensor.data()',
      );
    }
    return readSync(dataId);
  };
  e[GUARDED] = true;
}

/**
 * Registers the stand-in backend `name` (never picked automatically) and returns its name; `await
 * tf.setBackend(name)` activates it. Calling it again re-registers icnn's kernels with the given options.
 */
export function registerWebgpuStandIn(name: string = WEBGPU_STAND_IN, options: WebgpuKernelOptions = {}): string {
  if (getKernel('Conv2D', 'cpu') == null) throw new Error('icnn webgpu stand-in: the cpu backend\'s kernels are not registered');
  if (findBackendFactory(name) == null) {
    registerBackend(name, () => Object.assign(new MathBackendCPU(), { [REFUSES_SYNC_READS]: name }), -1);
    copyRegisteredKernels('cpu', name);
  }
  guardSyncReads();
  registerWebgpuTrainingKernels(name, options);
  return name;
}
