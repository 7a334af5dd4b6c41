import { getBackend, setBackend } from '@tensorflow/tfjs-core';
import './registerGradients';
import { prepareCpu } from './backends/cpu';
import { prepareTensorflow } from './backends/tensorflow';
import { prepareWasm } from './backends/wasm';
import { prepareWebgpu } from './backends/webgpu';
import { BackendUnavailableError } from './errors';
import { registerTrainingKernels } from './kernels/registerTrainingKernels';
import type { BackendInfo, BackendName, InitBackendOptions, PreparedBackend } from './types';
import { assertMatchingVersions } from './versions';
import { registerWebgpuTrainingKernels } from './webgpu/webgpuTrainingKernels';

export const BACKEND_NAMES: readonly BackendName[] = ['wasm', 'cpu', 'tensorflow', 'webgpu'];

/** The order 'auto' tries: the fastest that is installed and finds a device, down to wasm, which always runs. */
export const AUTO_ORDER: readonly BackendName[] = ['tensorflow', 'webgpu', 'wasm'];

const PREPARERS: Record<BackendName, (options: InitBackendOptions) => Promise<PreparedBackend>> = {
  wasm: prepareWasm,
  cpu: prepareCpu,
  tensorflow: prepareTensorflow,
  webgpu: prepareWebgpu,
};

async function activate(name: BackendName, options: InitBackendOptions): Promise<BackendInfo> {
  const prepared = await PREPARERS[name](options);
  assertMatchingVersions(name, prepared.versions);
  let ok: boolean;
  try {
    ok = await setBackend(name);
  } catch (error) {
    throw new BackendUnavailableError(name, `tfjs failed to initialise it: ${(error as Error).message}`, { cause: error });
  }
  if (!ok || getBackend() !== name) {
    throw new BackendUnavailableError(name, 'tfjs failed to initialise it (its warning above says why)');
  }
  const trainingKernels = registerTrainingKernels(name);
  // tfjs-webgpu has every kernel training needs, but slow conv gradients: replace those (options.webgpuKernels).
  if (name === 'webgpu') trainingKernels.push(...registerWebgpuTrainingKernels(name, options.webgpuKernels));
  const described = await prepared.describe();
  return { backend: name, ...described, trainingKernels, versions: prepared.versions };
}

/**
 * Chooses and prepares a TensorFlow.js backend for icnn and makes it the active one: registers gradients and
 * chained ops, checks that the @tensorflow packages agree on one version, and installs the training kernels the
 * backend lacks. `'auto'` takes the first of {@link AUTO_ORDER} that works.
 */
export async function initBackend(
  name: BackendName | 'auto' = 'wasm',
  options: InitBackendOptions = {},
): Promise<BackendInfo> {
  if (name !== 'auto' && !BACKEND_NAMES.includes(name)) {
    throw new BackendUnavailableError(String(name), `unknown backend; choose one of 'auto', ${BACKEND_NAMES.map((n) => `'${n}'`).join(', ')}`);
  }
  if (name !== 'auto') return activate(name, options);
  const skipped: string[] = [];
  for (const candidate of AUTO_ORDER) {
    try {
      return await activate(candidate, options);
    } catch (error) {
      if (!(error instanceof BackendUnavailableError)) throw error;
      skipped.push(error.message);
    }
  }
  throw new BackendUnavailableError('auto', `no backend could be initialised:\n  ${skipped.join('\n  ')}`);
}
