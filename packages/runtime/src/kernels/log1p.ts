// Log1p to float32 precision. Stock tfjs-wasm 4.22 computes log(1 + x) in float32, so 1 + x rounds first: the
// relative error is 1.7e-4 at x = 1e-4, 5% at 1e-6 and 100% (a 0) at 1e-8 — exactly where log1p is used, to keep
// small quantities accurate (the filter loss's log-space terms for weak activations). Here each value goes through
// Math.log1p in double precision on the wasm heap: correctly rounded to float32 in practice, ≈ 12 ns an element
// against the stock kernel's 7.
import { Log1p, type KernelBackend, type KernelConfig, type TensorInfo } from '@tensorflow/tfjs-core';
import { heapBackend } from './heapAccess';
import { stockKernel } from './stockKernels';

export function log1pPrecise(backendName: string): KernelConfig {
  return {
    kernelName: Log1p,
    backendName,
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { x } = inputs as { x: TensorInfo };
      const heap = heapBackend(backend as KernelBackend);
      if (heap == null || x.dtype !== 'float32') return stockKernel(Log1p, backendName).kernelFunc({ inputs, backend, attrs });
      const out = heap.makeOutput(x.shape, 'float32');
      // Views after the allocation: allocating may grow (and move) the heap.
      const values = heap.typedArrayFromHeap(x);
      const result = heap.typedArrayFromHeap(out);
      for (let i = 0; i < values.length; i++) result[i] = Math.log1p(values[i]);
      return out;
    },
  };
}
