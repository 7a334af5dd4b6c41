// Registers the kernels that training icnn's networks needs and a backend lacks (or has only in a slow or imprecise
// form).
import { getKernel, registerKernel, unregisterKernel, type KernelConfig } from '@tensorflow/tfjs-core';
import { batchMatMulComposed } from './batchMatMul';
import { conv2dBackpropFilterComposed } from './conv2dBackpropFilter';
import { conv2dBackpropFilterSimd } from './conv2dBackpropFilterSimd';
import { conv2dBackpropInputComposed } from './conv2dBackpropInput';
import { depthwiseConv2dBackpropFilterComposed } from './depthwiseConv2dBackpropFilter';
import { depthwiseConv2dBackpropInputComposed } from './depthwiseConv2dBackpropInput';
import { maxPoolGradLoop } from './maxPoolGrad';
import { registerNumericPaddingGuard } from './numericPaddingGuard';
import { preciseUnaryKernels } from './preciseUnary';
import { identityShared } from './identityShared';
import { isIcnnKernel, MARK, recordStockKernel } from './stockKernels';
import { reverseByBlocks } from './reverse';
import { tileByBlocks } from './tile';
import { transposeByTiles } from './transpose';
import { unsortedSegmentSumLoop } from './unsortedSegmentSum';

/** The kernels icnn adds or replaces, per backend. */
export function trainingKernelsFor(backendName: string): KernelConfig[] {
  switch (backendName) {
    case 'wasm':
      return [
        // The composed kernel serves engines without WebAssembly SIMD.
        conv2dBackpropFilterSimd('wasm', conv2dBackpropFilterComposed('wasm').kernelFunc),
        conv2dBackpropInputComposed('wasm'),
        depthwiseConv2dBackpropInputComposed('wasm'),
        depthwiseConv2dBackpropFilterComposed('wasm'),
        unsortedSegmentSumLoop('wasm'),
        maxPoolGradLoop('wasm'),
        batchMatMulComposed('wasm'),
        tileByBlocks('wasm'),
        reverseByBlocks('wasm'),
        transposeByTiles('wasm'),
        identityShared('wasm'),
        ...preciseUnaryKernels('wasm'),
      ];
    default:
      return [];
  }
}

/**
 * Registers icnn's training kernels for `backendName`, replacing the stock ones of the same name, and puts the
 * numeric-padding guard in front of every padded kernel (numericPaddingGuard.ts). Idempotent, and shared across
 * copies of this package (the kernel registry is global). Returns the kernel names it installed.
 */
export function registerTrainingKernels(backendName: string): string[] {
  const installed: string[] = [];
  for (const config of trainingKernelsFor(backendName)) {
    const existing = getKernel(config.kernelName, backendName);
    if (isIcnnKernel(existing)) continue;
    if (existing) {
      recordStockKernel(existing);
      unregisterKernel(config.kernelName, backendName);
    }
    registerKernel(Object.assign(config, { [MARK]: true as const }));
    installed.push(config.kernelName);
  }
  registerNumericPaddingGuard(backendName); // in front of what is now registered, ours or stock
  return installed;
}
