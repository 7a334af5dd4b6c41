// Reverse as block copies on the backend's heap. The stock wasm kernel computes every element's source index with
// a division per axis (≈ 1.2 ms for a [3, 3, 64, 64] filter flipped in both spatial axes, where an add of the same
// size takes 0.1 ms); every input gradient of a convolution flips its filter so (conv2dBackpropInput.ts). Below the
// last reversed axis the tensor is contiguous, so each of those blocks is one memcpy from its mirrored place.
import { Reverse, util, type KernelConfig, type ReverseAttrs } from '@tensorflow/tfjs-core';
import { heapCopyKernel } from './heapAccess';

type Elements = Float32Array | Int32Array | Uint8Array;

/** Writes `x` (row-major, `shape`) into `out` with the given axes reversed. */
export function reverseInto<T extends Elements>(x: T, shape: readonly number[], axes: readonly number[], out: T): void {
  const rank = shape.length;
  const reversed = shape.map((_, k) => axes.includes(k));
  const last = reversed.lastIndexOf(true);
  if (last < 0 || x.length === 0) {
    out.set(x);
    return;
  }
  const strides = [...util.computeStrides([...shape]), 1];
  const block = strides[last]; // elements per index of the last reversed axis: contiguous
  const outer = shape.slice(0, last + 1);
  const index = new Array<number>(last + 1).fill(0);
  const blocks = util.sizeFromShape(outer);
  for (let n = 0; n < blocks; n++) {
    let source = 0;
    for (let k = 0; k <= last; k++) source += (reversed[k] ? shape[k] - 1 - index[k] : index[k]) * strides[k];
    if (block === 1) out[n] = x[source];
    else out.set(x.subarray(source, source + block), n * block);
    for (let k = last; k >= 0 && ++index[k] === shape[k]; k--) index[k] = 0;
  }
}

export function reverseByBlocks(backendName: string): KernelConfig {
  return heapCopyKernel<ReverseAttrs>(backendName, {
    kernelName: Reverse,
    outShape: (x) => [...x.shape],
    fill: (x, out, info, { dims }) => reverseInto(x, info.shape, util.parseAxisParam(dims, info.shape), out),
  });
}
