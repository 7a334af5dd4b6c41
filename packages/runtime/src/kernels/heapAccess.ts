// Direct access to a backend's tensor memory, for kernels that are simple loops: the wasm backend keeps every
// tensor in its WebAssembly heap and can hand out typed-array views of it, which saves a copy in and out.
import { util, type DataType, type KernelBackend, type KernelConfig, type TensorInfo, type TypedArray } from '@tensorflow/tfjs-core';
import { stockKernel } from './stockKernels';

export interface HeapBackend {
  /** Allocates an output tensor (its memory is not cleared). */
  makeOutput(shape: number[], dtype: DataType): TensorInfo;
  /** A view of a tensor's memory; allocating afterwards may move the heap, so allocate every output first. */
  typedArrayFromHeap(info: TensorInfo): TypedArray;
}

/** The backend as a {@link HeapBackend}, or null where it keeps tensors elsewhere. */
export function heapBackend(backend: KernelBackend): HeapBackend | null {
  const candidate = backend as unknown as Partial<HeapBackend>;
  return typeof candidate.makeOutput === 'function' && typeof candidate.typedArrayFromHeap === 'function'
    ? (candidate as HeapBackend)
    : null;
}

/** What a one-input kernel that rearranges elements on the heap (Tile, Reverse, Transpose) says about itself. */
export interface HeapCopySpec<A> {
  kernelName: string;
  /** Whether this kernel takes the call (else the stock kernel does); numeric dtypes only either way. */
  handles?(x: TensorInfo, attrs: A): boolean;
  outShape(x: TensorInfo, attrs: A): number[];
  /** Writes the output from the input; both views are of the same element type. */
  fill(x: Float32Array, out: Float32Array, info: TensorInfo, attrs: A): void;
}

/**
 * A kernel that rearranges its input's elements with loops over the heap, falling back to the stock kernel where the
 * backend keeps no heap, for strings and complex numbers, and wherever `handles` declines.
 */
export function heapCopyKernel<A>(backendName: string, spec: HeapCopySpec<A>): KernelConfig {
  return {
    kernelName: spec.kernelName,
    backendName,
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { x } = inputs as { x: TensorInfo };
      const typed = attrs as unknown as A;
      const heap = heapBackend(backend as KernelBackend);
      if (heap == null || x.dtype === 'string' || x.dtype === 'complex64' || spec.handles?.(x, typed) === false) {
        return stockKernel(spec.kernelName, backendName).kernelFunc({ inputs, backend, attrs });
      }
      const outShape = spec.outShape(x, typed);
      const out = heap.makeOutput(outShape, x.dtype);
      if (util.sizeFromShape(outShape) === 0) return out;
      // Views after the allocation: allocating may grow (and move) the heap.
      spec.fill(heap.typedArrayFromHeap(x) as Float32Array, heap.typedArrayFromHeap(out) as Float32Array, x, typed);
      return out;
    },
  };
}
