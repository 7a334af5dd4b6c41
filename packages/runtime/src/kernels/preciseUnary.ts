// Unary kernels that stock tfjs-wasm 4.22 gets wrong for small arguments, redone per element in double precision
// on the wasm heap (correctly rounded to float32 in practice; ≈ 10–15 ns an element against the stock 5–7):
//  - Log1p computes log(1 + x) in float32, so 1 + x rounds first: relative error 1.7e-4 at x = 1e-4, 5% at 1e-6,
//    a 0 at 1e-8 — exactly where log1p is used, to keep small quantities accurate (the filter loss's log-space
//    terms for weak activations);
//  - Sin reduces its argument in float32: sin(−1e-10) = −1.7e-7, sin(−1e-6) is 22% off;
//  - Selu takes exp(x) − 1 in float32 for x < 0: 100% error at −1e-8.
// Found by comparing every float unary kernel of tfjs-wasm with a float64 reference over 1e-30…50 (either sign).
import { Log1p, Selu, Sin, type KernelBackend, type KernelConfig, type TensorInfo } from '@tensorflow/tfjs-core';
import { heapBackend } from './heapAccess';
import { stockKernel } from './stockKernels';

// tfjs's own constants (selu_util), so that large arguments give what every other backend gives.
const SELU_SCALE = 1.0507009873554804934193349852946;
const SELU_SCALE_ALPHA = 1.7580993408473768599402175208123;

export const PRECISE_UNARY: Readonly<Record<string, (x: number) => number>> = {
  [Log1p]: Math.log1p,
  [Sin]: Math.sin,
  [Selu]: (x) => (x < 0 ? SELU_SCALE_ALPHA * Math.expm1(x) : SELU_SCALE * x),
};

function preciseUnary(kernelName: string, backendName: string, f: (x: number) => number): KernelConfig {
  return {
    kernelName,
    backendName,
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { x } = inputs as { x: TensorInfo };
      const heap = heapBackend(backend as KernelBackend);
      if (heap == null || x.dtype !== 'float32') return stockKernel(kernelName, backendName).kernelFunc({ inputs, backend, attrs });
      const out = heap.makeOutput(x.shape, 'float32');
      // Views after the allocation: allocating may grow (and move) the heap.
      const values = heap.typedArrayFromHeap(x);
      const result = heap.typedArrayFromHeap(out);
      for (let i = 0; i < values.length; i++) result[i] = f(values[i]);
      return out;
    },
  };
}

/** The precise replacements, one per kernel of PRECISE_UNARY. */
export function preciseUnaryKernels(backendName: string): KernelConfig[] {
  return Object.entries(PRECISE_UNARY).map(([kernelName, f]) => preciseUnary(kernelName, backendName, f));
}
