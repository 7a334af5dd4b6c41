// BatchMatMul for wasm: the stock kernel reaches XNNPACK speed (~30 GFLOP/s here) only for one matrix product
// without transposed operands; with transposeA/transposeB or a batch it runs a naive loop at 1–2 GFLOP/s
// (measured: 512³ takes 9 ms plain, 117 ms with transposeB, 276 ms with transposeA). Training needs transposed
// products in every dense layer's backward pass, so: transpose explicitly, fold a shared right operand's batch into
// rows, and run larger batched products one matrix at a time.
import {
  backend_util,
  BatchMatMul,
  util,
  type BatchMatMulAttrs,
  type KernelBackend,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { composeKernel, type KernelComposer } from './composeKernels';
import { stockKernel } from './stockKernels';

/** Below this many multiply-adds per matrix, per-slice overhead outweighs the naive loop: leave the batch to it. */
const MIN_SLICE_WORK = 32 * 32 * 32;

function transposeLastTwo(k: KernelComposer, x: TensorInfo): TensorInfo {
  const perm = x.shape.map((_, i) => i);
  perm.splice(-2, 2, x.shape.length - 1, x.shape.length - 2);
  return k.run('Transpose', { x }, { perm });
}

export function batchMatMulComposed(backendName: string): KernelConfig {
  return {
    kernelName: BatchMatMul,
    backendName,
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { a, b } = inputs as { a: TensorInfo; b: TensorInfo };
      const { transposeA, transposeB } = attrs as unknown as BatchMatMulAttrs;
      const stock: KernelFunc = stockKernel(BatchMatMul, backendName).kernelFunc;
      const plain = { transposeA: false, transposeB: false };
      return composeKernel(backendName, backend as KernelBackend, (k) => {
        const left = transposeA ? transposeLastTwo(k, a) : a;
        const right = transposeB ? transposeLastTwo(k, b) : b;
        const [m, inner] = left.shape.slice(-2);
        const n = right.shape[right.shape.length - 1];
        const batchLeft = util.sizeFromShape(left.shape.slice(0, -2));
        const batchRight = util.sizeFromShape(right.shape.slice(0, -2));
        const outShape = [...backend_util.assertAndGetBroadcastShape(left.shape.slice(0, -2), right.shape.slice(0, -2)), m, n];
        const reshape = (x: TensorInfo, shape: number[]) => k.run('Reshape', { x }, { shape });
        if (batchLeft === 1 && batchRight === 1) return k.run(stock, { a: left, b: right }, plain);
        if (batchRight === 1) {
          // One right operand for every left matrix: stack the left matrices' rows into one product.
          const product = k.run(stock, { a: reshape(left, [1, batchLeft * m, inner]), b: reshape(right, [1, inner, n]) }, plain);
          return reshape(product, outShape);
        }
        const sharedBatch = batchLeft === 1 || batchLeft === batchRight;
        if (!sharedBatch || m * inner * n < MIN_SLICE_WORK) return k.run(stock, { a: left, b: right }, plain);
        const batch = Math.max(batchLeft, batchRight);
        const left3 = reshape(left, [batchLeft, m, inner]);
        const right3 = reshape(right, [batchRight, inner, n]);
        const slices: TensorInfo[] = [];
        for (let i = 0; i < batch; i++) {
          const ai = k.run('Slice', { x: left3 }, { begin: [batchLeft === 1 ? 0 : i, 0, 0], size: [1, m, inner] });
          const bi = k.run('Slice', { x: right3 }, { begin: [i, 0, 0], size: [1, inner, n] });
          slices.push(k.run(stock, { a: ai, b: bi }, plain));
        }
        return reshape(k.run('Concat', slices as unknown as Record<string, TensorInfo>, { axis: 0 }), outShape);
      });
    },
  };
}
