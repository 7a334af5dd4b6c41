// Direct access to a backend's tensor memory, for kernels that are simple loops: the wasm backend keeps every
// tensor in its WebAssembly heap and can hand out typed-array views of it, which saves a copy in and out.
import type { DataType, KernelBackend, TensorInfo, TypedArray } from '@tensorflow/tfjs-core';

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
