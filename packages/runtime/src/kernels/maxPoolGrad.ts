// MaxPoolGrad as one pass over the pooling windows on the backend's heap. The stock wasm kernel loops over every
// input pixel and re-scans each window that covers it; here each window is scanned once for its maximum (the first
// one in row-major order, as the cpu backend picks) and its output gradient added there. The VGG-style 2×2 stride-2
// pool with every window inside the input has its own loop: the windows tile the input, so each input value is
// written once (no clearing pass).
import {
  backend_util,
  MaxPoolGrad,
  type KernelBackend,
  type KernelConfig,
  type MaxPoolGradAttrs,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { heapBackend } from './heapAccess';

export function maxPoolGradLoop(backendName: string): KernelConfig {
  return {
    kernelName: MaxPoolGrad,
    backendName,
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { dy, input } = inputs as { dy: TensorInfo; input: TensorInfo };
      const { filterSize, strides, pad, dimRoundingMode } = attrs as unknown as MaxPoolGradAttrs;
      const heap = heapBackend(backend as KernelBackend);
      if (heap == null) throw new Error(`icnn ${backendName} MaxPoolGrad needs a backend with heap access`);
      const info = backend_util.computePool2DInfo(
        input.shape as [number, number, number, number],
        filterSize,
        strides,
        1,
        pad,
        dimRoundingMode,
      );
      const { batchSize, inHeight, inWidth, inChannels: channels, outHeight, outWidth } = info;
      const { strideHeight, strideWidth, filterHeight, filterWidth } = info;
      const { top, left } = info.padInfo;
      const dx = heap.makeOutput(input.shape, 'float32');
      const x = heap.typedArrayFromHeap(input);
      const g = heap.typedArrayFromHeap(dy);
      const out = heap.typedArrayFromHeap(dx);
      out.fill(0);
      const rowStride = inWidth * channels;
      const imageStride = inHeight * rowStride;
      // 'same' on an odd side pads one row or column at the end: a window there would reach outside the input.
      const inside = top === 0 && left === 0 && 2 * outHeight <= inHeight && 2 * outWidth <= inWidth;
      const tiling = filterHeight === 2 && filterWidth === 2 && strideHeight === 2 && strideWidth === 2 && inside;
      if (tiling) {
        // An odd last row or column belongs to no window: only then is there anything to clear.
        if (inHeight % 2 === 1 || inWidth % 2 === 1) out.fill(0);
        pairedWindowGradient(x, g, out, batchSize, outHeight, outWidth, channels, rowStride, imageStride);
        return dx;
      }
      // Per window, the running maximum and its position for all channels at once: the channel loop is innermost
      // and runs over contiguous memory.
      const best = new Float32Array(channels);
      const at = new Int32Array(channels);
      let gi = 0;
      for (let b = 0; b < batchSize; b++) {
        const image = b * imageStride;
        for (let yr = 0; yr < outHeight; yr++) {
          const r0 = Math.max(0, yr * strideHeight - top);
          const r1 = Math.min(inHeight, yr * strideHeight - top + filterHeight);
          for (let yc = 0; yc < outWidth; yc++, gi += channels) {
            const c0 = Math.max(0, yc * strideWidth - left);
            const c1 = Math.min(inWidth, yc * strideWidth - left + filterWidth);
            best.fill(Number.NEGATIVE_INFINITY);
            at.fill(-1); // stays −1 where nothing exceeds −∞ (an empty or all-NaN window): no gradient, as on cpu
            for (let r = r0; r < r1; r++) {
              for (let c = c0; c < c1; c++) {
                const base = image + r * rowStride + c * channels;
                for (let d = 0; d < channels; d++) {
                  const v = x[base + d];
                  if (v > best[d]) {
                    best[d] = v;
                    at[d] = base + d;
                  }
                }
              }
            }
            for (let d = 0; d < channels; d++) if (at[d] >= 0) out[at[d]] += g[gi + d];
          }
        }
      }
      return dx;
    },
  };
}

/** 2×2 stride-2 windows without padding: for each, the gradient goes to the first maximum in row-major order
 * (strictly greater than −∞ and than the ones before it, as in the general loop: an all-NaN window gets none). */
function pairedWindowGradient(
  x: ArrayLike<number>,
  g: ArrayLike<number>,
  out: { [index: number]: number },
  batchSize: number,
  outHeight: number,
  outWidth: number,
  channels: number,
  rowStride: number,
  imageStride: number,
): void {
  let gi = 0;
  for (let b = 0; b < batchSize; b++) {
    for (let yr = 0; yr < outHeight; yr++) {
      for (let yc = 0; yc < outWidth; yc++, gi += channels) {
        const p00 = b * imageStride + 2 * yr * rowStride + 2 * yc * channels;
        const p01 = p00 + channels;
        const p10 = p00 + rowStride;
        const p11 = p10 + channels;
        for (let d = 0; d < channels; d++) {
          const v00 = x[p00 + d];
          const v01 = x[p01 + d];
          const v10 = x[p10 + d];
          const v11 = x[p11 + d];
          let best = Number.NEGATIVE_INFINITY;
          let at = -1;
          if (v00 > best) {
            best = v00;
            at = 0;
          }
          if (v01 > best) {
            best = v01;
            at = 1;
          }
          if (v10 > best) {
            best = v10;
            at = 2;
          }
          if (v11 > best) at = 3;
          const gradient = g[gi + d];
          out[p00 + d] = at === 0 ? gradient : 0;
          out[p01 + d] = at === 1 ? gradient : 0;
          out[p10 + d] = at === 2 ? gradient : 0;
          out[p11 + d] = at === 3 ? gradient : 0;
        }
      }
    }
  }
}
