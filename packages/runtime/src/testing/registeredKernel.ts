// The kernel doing the work for a name and backend: the registered one, looked at behind the numeric-padding guard
// that initBackend puts in front of every padded kernel.
import { getKernel, type KernelConfig } from '@tensorflow/tfjs-core';
import { unguarded } from '../kernels/stockKernels';

export function registeredKernel(kernelName: string, backendName: string): KernelConfig {
  const config = getKernel(kernelName, backendName);
  if (config === undefined) throw new Error(`no '${kernelName}' kernel registered for '${backendName}'`);
  return unguarded(config);
}
