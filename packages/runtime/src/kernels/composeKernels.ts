// Run a backend's own registered kernels on TensorInfos, so that a new kernel can be composed from fast existing
// ones without creating Tensor objects (which the engine would track and tape) inside a kernel.
import { getKernel, type KernelBackend, type KernelFunc, type NamedAttrMap, type TensorInfo } from '@tensorflow/tfjs-core';

export interface KernelComposer {
  /**
   * Runs kernel `name` of this backend (or a given kernel function, such as the stock kernel a replacement wraps);
   * the output is kept for disposal unless passed to `keep`.
   */
  run(name: string | KernelFunc, inputs: Record<string, TensorInfo>, attrs?: NamedAttrMap): TensorInfo;
  /** Marks an output as the result, so that `disposeIntermediates` leaves it alone. */
  keep(info: TensorInfo): TensorInfo;
  /** Releases every intermediate output. */
  disposeIntermediates(): void;
}

export function kernelComposer(backendName: string, backend: KernelBackend): KernelComposer {
  const intermediates: TensorInfo[] = [];
  const kept = new Set<TensorInfo>();
  return {
    run(name, inputs, attrs = {}) {
      const kernelFunc = typeof name === 'function' ? name : getKernel(name, backendName)?.kernelFunc;
      if (kernelFunc == null) {
        throw new Error(`icnn: backend '${backendName}' has no '${String(name)}' kernel to compose from`);
      }
      const out = kernelFunc({ inputs, attrs, backend }) as TensorInfo;
      intermediates.push(out);
      return out;
    },
    keep(info) {
      kept.add(info);
      return info;
    },
    disposeIntermediates() {
      for (const info of intermediates) if (!kept.has(info)) backend.disposeData(info.dataId);
      intermediates.length = 0;
    },
  };
}

/** Runs `body` with a composer and disposes its intermediates even when it throws. */
export function composeKernel(
  backendName: string,
  backend: KernelBackend,
  body: (k: KernelComposer) => TensorInfo,
): TensorInfo {
  const composer = kernelComposer(backendName, backend);
  try {
    return composer.keep(body(composer));
  } finally {
    composer.disposeIntermediates();
  }
}
