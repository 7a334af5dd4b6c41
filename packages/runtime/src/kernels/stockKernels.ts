// The stock kernels icnn replaced, kept so that a replacement can fall back to them. On a global, so that every
// copy of @icnn/runtime in a bundle finds them.
import { getKernel, type KernelConfig } from '@tensorflow/tfjs-core';

/** Marks icnn's own kernels in the registry. */
export const MARK = Symbol.for('icnn.trainingKernel');
/** On a guard placed in front of another kernel (see numericPaddingGuard): the kernel it guards. */
export const GUARDED = Symbol.for('icnn.guardedKernel');

type Tagged = KernelConfig & { [MARK]?: true; [GUARDED]?: KernelConfig };

/** The kernel behind any guards: what the registry would hold without them. */
export function unguarded(config: KernelConfig): KernelConfig {
  let inner = config as Tagged;
  while (inner[GUARDED] !== undefined) inner = inner[GUARDED] as Tagged;
  return inner;
}

/** Whether `config` (behind its guards) is one of icnn's kernels rather than the backend's own. */
export function isIcnnKernel(config: KernelConfig | undefined): boolean {
  return config !== undefined && (unguarded(config) as Tagged)[MARK] === true;
}

const STOCK_KEY = Symbol.for('icnn.stockKernels');
const stockKernels = ((globalThis as Record<symbol, unknown>)[STOCK_KEY] ??= new Map<string, KernelConfig>()) as Map<string, KernelConfig>;

export function recordStockKernel(config: KernelConfig): void {
  stockKernels.set(`${config.backendName}/${config.kernelName}`, unguarded(config));
}

/** The backend's own kernel that an icnn kernel replaced. */
export function stockKernel(kernelName: string, backendName: string): KernelConfig {
  const recorded = stockKernels.get(`${backendName}/${kernelName}`) ?? getKernel(kernelName, backendName);
  const stock = recorded === undefined ? undefined : unguarded(recorded);
  if (stock == null || isIcnnKernel(stock)) {
    throw new Error(`icnn: no stock '${kernelName}' kernel recorded for backend '${backendName}'`);
  }
  return stock;
}
