export { initBackend, BACKEND_NAMES, AUTO_ORDER } from './initBackend';
export { BackendUnavailableError } from './errors';
export { registerTrainingKernels, trainingKernelsFor } from './kernels/registerTrainingKernels';
export { assertMatchingVersions } from './versions';
export type { BackendInfo, BackendName, InitBackendOptions } from './types';
