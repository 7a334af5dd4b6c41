// The stock kernels icnn replaced, kept so that a replacement can fall back to them. On a global, so that every
// copy of @icnn/runtime in a bundle finds them.
import { getKernel, type KernelConfig } from '@tensorflow/tfjs-core';

/** Marks icnn's own kernels in the registry. */
export const MARK = Symbol.for('icnn.trainingKernel');
const STOCK_KEY = Symbol.for('icnn.stockKernels');
const stockKernels = ((globalThis as Record<symbol, unknown>)[STOCK_KEY] ??= new Map<string, KernelConfig>()) as Map<string, KernelConfig>;

export function recordStockKernel(config: KernelConfig): void {
  stockKernels.set(`${config.backendName}/${config.kernelName}`, config);
}

/** The backend's own kernel that an icnn kernel replaced. */
export function stockKernel(kernelName: string, backendName: string): KernelConfig {
  const stock = stockKernels.get(`${backendName}/${kernelName}`) ?? getKernel(kernelName, backendName);
  if (stock == null || (stock as { [MARK]?: true })[MARK]) {
    throw new Error(`icnn: no stock '${kernelName}' kernel recorded for backend '${backendName}'`);
  }
  return stock;
}
