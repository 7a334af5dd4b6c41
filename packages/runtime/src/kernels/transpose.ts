// Transpose of the last two axes (a batch of matrices) in square tiles on the backend's heap. The stock wasm kernel
// walks the output in order and reads the input with a stride of a whole row, a cache miss per element once a
// matrix outgrows the cache (≈ 2–6 ms for [1024, 256], where an add of the same size takes 0.2–0.6 ms); every dense
// layer's input gradient transposes its weights so (batchMatMul.ts). Other permutations go to the stock kernel.
import { Transpose, type KernelConfig, type TransposeAttrs } from '@tensorflow/tfjs-core';
import { heapCopyKernel } from './heapAccess';

type Elements = Float32Array | Int32Array | Uint8Array;

/** Tiles small enough that a tile's rows and columns stay in L1 on both sides. */
const TILE = 32;

/** Writes `x` ([..., rows, cols], row-major) into `out` as [..., cols, rows]. */
export function transposeLastTwoInto<T extends Elements>(x: T, shape: readonly number[], out: T): void {
  const rows = shape[shape.length - 2];
  const cols = shape[shape.length - 1];
  const size = rows * cols;
  const matrices = size === 0 ? 0 : x.length / size;
  for (let m = 0; m < matrices; m++) {
    const base = m * size;
    for (let r0 = 0; r0 < rows; r0 += TILE) {
      const r1 = Math.min(r0 + TILE, rows);
      for (let c0 = 0; c0 < cols; c0 += TILE) {
        const c1 = Math.min(c0 + TILE, cols);
        for (let r = r0; r < r1; r++) {
          const from = base + r * cols;
          for (let c = c0; c < c1; c++) out[base + c * rows + r] = x[from + c];
        }
      }
    }
  }
}

/** Whether `perm` keeps every axis but swaps the last two. */
export function swapsLastTwo(perm: readonly number[]): boolean {
  const rank = perm.length;
  return rank >= 2 && perm[rank - 2] === rank - 1 && perm[rank - 1] === rank - 2 && perm.slice(0, -2).every((axis, k) => axis === k);
}

export function transposeByTiles(backendName: string): KernelConfig {
  return heapCopyKernel<TransposeAttrs>(backendName, {
    kernelName: Transpose,
    handles: (_, { perm }) => swapsLastTwo(perm),
    outShape: (x, { perm }) => perm.map((axis) => x.shape[axis]),
    fill: (x, out, info) => transposeLastTwoInto(x, info.shape, out),
  });
}
