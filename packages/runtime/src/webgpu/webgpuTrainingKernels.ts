// The conv gradient kernels icnn puts in place of tfjs-webgpu's (see webgpuKernelOptions.ts), and their
// registration. Written against kernel names only, so the same kernels run on any backend that has the kernels they
// are composed from: the tests run them on the cpu backend against its stock kernels.
import {
  Conv2DBackpropFilter,
  Conv2DBackpropInput,
  getKernel,
  registerKernel,
  unregisterKernel,
  type KernelConfig,
} from '@tensorflow/tfjs-core';
import { conv2dBackpropFilterComposed } from '../kernels/conv2dBackpropFilter';
import { conv2dBackpropInputComposed } from '../kernels/conv2dBackpropInput';
import { registerNumericPaddingGuard } from '../kernels/numericPaddingGuard';
import { isIcnnKernel, MARK, recordStockKernel, stockKernel } from '../kernels/stockKernels';
import { conv2dBackpropFilterSplitK } from './conv2dBackpropFilterSplitK';
import { resolveWebgpuKernelOptions, type WebgpuKernelOptions } from './webgpuKernelOptions';

/** The kernels the options ask for, for `backendName` ('stock' choices are left out). */
export function webgpuTrainingKernels(backendName: string, options: WebgpuKernelOptions = {}): KernelConfig[] {
  const resolved = resolveWebgpuKernelOptions(options);
  const kernels: KernelConfig[] = [];
  if (resolved.filterGradient === 'splitK') kernels.push(conv2dBackpropFilterSplitK(backendName, { splitInner: resolved.splitInner }));
  if (resolved.filterGradient === 'conv') kernels.push(conv2dBackpropFilterComposed(backendName));
  if (resolved.inputGradient === 'conv') kernels.push(conv2dBackpropInputComposed(backendName));
  return kernels;
}

/**
 * Puts the kernels the options ask for in place of `backendName`'s conv gradient kernels, and the stock ones back
 * where the options say 'stock'. May be called again with other options (the GPU check compares them). Returns the
 * names of the kernels icnn installed.
 */
export function registerWebgpuTrainingKernels(backendName: string, options: WebgpuKernelOptions = {}): string[] {
  const wanted = new Map(webgpuTrainingKernels(backendName, options).map((config) => [config.kernelName, config]));
  const installed: string[] = [];
  for (const kernelName of [Conv2DBackpropFilter, Conv2DBackpropInput]) {
    const existing = getKernel(kernelName, backendName);
    if (existing != null && !isIcnnKernel(existing)) recordStockKernel(existing);
    const replacement = wanted.get(kernelName);
    if (replacement == null && !isIcnnKernel(existing)) continue; // stock wanted and in place
    if (existing != null) unregisterKernel(kernelName, backendName);
    if (replacement != null) {
      registerKernel(Object.assign(replacement, { [MARK]: true as const }));
      installed.push(kernelName);
    } else {
      registerKernel({ ...stockKernel(kernelName, backendName), backendName }); // a guard's inner kernel may carry another backend's name
    }
  }
  registerNumericPaddingGuard(backendName);
  return installed;
}
