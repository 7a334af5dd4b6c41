// Conv2DBackpropFilter as a hand-written SIMD WebAssembly GEMM (wasm-src/filterGradient.c): measured at 23–30 GFLOP/s
// with its copies (35–41 without) where the composition from XNNPACK's forward conv ran at 4–20 (docs/BENCHMARKS.md). The input goes into the module's
// memory zero-padded, so the module needs no bounds checks; images go in chunks, so its memory stays bounded.
// Falls back to `fallback` where the module or heap access is missing, or for inputs that are not float32.
import {
  Conv2DBackpropFilter,
  type Conv2DBackpropFilterAttrs,
  type KernelBackend,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { forwardConvInfo } from './convGeometry';
import { filterGradientModule, type FilterGradientModule } from './filterGradientModule';
import { heapBackend } from './heapAccess';

/** One image larger than this (padded input plus output gradient) goes to the fallback: 32-bit offsets. */
const MAX_IMAGE_FLOATS = 2 ** 28;

const roundUp4 = (n: number) => Math.ceil(n / 4) * 4;

export interface SimdFilterOptions {
  /** Supplies the module; null takes the fallback. */
  load?: () => FilterGradientModule | null;
  /** Images per module call are chosen to keep the copied inputs under this size (one image may exceed it). */
  chunkBytes?: number;
}

/** The SIMD kernel, or `fallback` where it cannot run. */
export function conv2dBackpropFilterSimd(backendName: string, fallback: KernelFunc, options: SimdFilterOptions = {}): KernelConfig {
  const { load = filterGradientModule, chunkBytes = 32 * 2 ** 20 } = options;
  return {
    kernelName: Conv2DBackpropFilter,
    backendName,
    kernelFunc: (args) => {
      const { x, dy } = args.inputs as { x: TensorInfo; dy: TensorInfo };
      const heap = heapBackend(args.backend as KernelBackend);
      const module = load();
      if (heap == null || module == null || x.dtype !== 'float32' || dy.dtype !== 'float32') return fallback(args);
      const attrs = args.attrs as unknown as Conv2DBackpropFilterAttrs;
      const info = forwardConvInfo(Conv2DBackpropFilter, backendName, x.shape as [number, number, number, number], attrs.filterShape, attrs);
      const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels } = info;
      const { filterHeight, filterWidth, strideHeight, strideWidth } = info;
      const { top, left } = info.padInfo;
      // Padded so that the last output pixel's window fits; rows and columns no window reaches stay in.
      const paddedHeight = Math.max(inHeight + top, filterHeight + (outHeight - 1) * strideHeight);
      const paddedWidth = Math.max(inWidth + left, filterWidth + (outWidth - 1) * strideWidth);
      const xImage = paddedHeight * paddedWidth * inChannels;
      const dyImage = outHeight * outWidth * outChannels;
      if (xImage + dyImage > MAX_IMAGE_FLOATS) return fallback(args);
      const chunk = Math.max(1, Math.min(batchSize, Math.floor(chunkBytes / 4 / (xImage + dyImage))));
      const rowStride = roundUp4(outChannels); // the module's dW rows (see filterGradient.c)
      const rows = filterHeight * filterWidth * inChannels;

      // Layout: dW, padded x, dy, then 4 floats for the last dy vector's over-read.
      const dwFloats = rows * rowStride;
      const xFloats = roundUp4(chunk * xImage);
      const { heap: mem, start } = module.reserve(dwFloats + xFloats + chunk * dyImage + 4);
      const dwAt = start;
      const xAt = dwAt + dwFloats;
      const dyAt = xAt + xFloats;
      mem.fill(0, dwAt, xAt);
      mem.fill(0, xAt, dyAt); // the padding; each chunk overwrites only the image area inside it

      const out = heap.makeOutput(attrs.filterShape, 'float32');
      const xs = heap.typedArrayFromHeap(x);
      const dys = heap.typedArrayFromHeap(dy);
      const rowFloats = inWidth * inChannels;
      for (let b0 = 0; b0 < batchSize; b0 += chunk) {
        const images = Math.min(chunk, batchSize - b0);
        for (let b = 0; b < images; b++) {
          for (let y = 0; y < inHeight; y++) {
            const from = ((b0 + b) * inHeight + y) * rowFloats;
            mem.set(xs.subarray(from, from + rowFloats), xAt + ((b * paddedHeight + y + top) * paddedWidth + left) * inChannels);
          }
        }
        mem.set(dys.subarray(b0 * dyImage, (b0 + images) * dyImage), dyAt);
        module.filterGradient(xAt, dyAt, dwAt, {
          batch: images,
          paddedHeight,
          paddedWidth,
          inChannels,
          outHeight,
          outWidth,
          outChannels,
          filterHeight,
          filterWidth,
          strideHeight,
          strideWidth,
        });
      }

      const dw = heap.typedArrayFromHeap(out);
      if (rowStride === outChannels) dw.set(mem.subarray(dwAt, dwAt + dwFloats));
      else for (let r = 0; r < rows; r++) dw.set(mem.subarray(dwAt + r * rowStride, dwAt + r * rowStride + outChannels), r * outChannels);
      return out;
    },
  };
}
