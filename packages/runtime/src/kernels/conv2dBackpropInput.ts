// Conv2DBackpropInput composed from the backend's forward Conv2D (XNNPACK on wasm; the stock wasm kernel is a naive
// loop): the input gradient is a stride-1 convolution of the output gradient, with stride−1 zeros inserted between
// its rows and columns, by the spatially flipped filter with its in/out channels swapped.
//   dx[b, r, c, ci] = Σ_kh,kw,co dyd[b, r + top − kh, c + left − kw, co] · W[kh, kw, ci, co]
import {
  Conv2DBackpropInput,
  type Conv2DBackpropInputAttrs,
  type KernelBackend,
  type KernelConfig,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { composeKernel, type KernelComposer } from './composeKernels';
import { forwardConvInfo } from './convGeometry';

/** Inserts `s − 1` zeros after every row/column of `dy` [B, h, w, c]: the result is [B, h·sh, w·sw, c]. */
function insertZeros(k: KernelComposer, dy: TensorInfo, sh: number, sw: number): TensorInfo {
  if (sh === 1 && sw === 1) return dy;
  const [b, h, w, c] = dy.shape;
  const split = k.run('Reshape', { x: dy }, { shape: [b, h, 1, w, 1, c] });
  const padded = k.run(
    'PadV2',
    { x: split },
    { paddings: [[0, 0], [0, 0], [0, sh - 1], [0, 0], [0, sw - 1], [0, 0]], constantValue: 0 },
  );
  return k.run('Reshape', { x: padded }, { shape: [b, h * sh, w * sw, c] });
}

/** Pads (positive) or crops (negative) one spatial axis: returns the crop start/size and the conv padding. */
function padOrCrop(length: number, before: number, after: number) {
  return {
    begin: Math.max(0, -before),
    size: length - Math.max(0, -before) - Math.max(0, -after),
    pad: [Math.max(0, before), Math.max(0, after)] as [number, number],
  };
}

/**
 * The output gradient laid out for a stride-1 convolution by the flipped filter that yields the input gradient:
 * zeros inserted for the stride, cropped where the forward padding reached past the input, and the padding that
 * stride-1 convolution needs ([[0,0], rows, cols, [0,0]]). Shared by the dense and the depthwise input gradients.
 */
export function spreadOutputGradient(
  k: KernelComposer,
  dy: TensorInfo,
  info: ReturnType<typeof forwardConvInfo>,
): { spread: TensorInfo; pad: [[number, number], [number, number], [number, number], [number, number]] } {
  const { filterHeight: kh, filterWidth: kw, strideHeight: sh, strideWidth: sw, outHeight: oh, outWidth: ow } = info;
  const { top, left } = info.padInfo;
  const { batchSize, inHeight, inWidth } = info;
  // After zero insertion dy spans oh·sh rows; the flipped-kernel conv needs inH + kh − 1 rows in all.
  const rows = padOrCrop(oh * sh, kh - 1 - top, inHeight + kh - 1 - (kh - 1 - top) - oh * sh);
  const cols = padOrCrop(ow * sw, kw - 1 - left, inWidth + kw - 1 - (kw - 1 - left) - ow * sw);
  const dilated = insertZeros(k, dy, sh, sw);
  const spread =
    rows.size === dilated.shape[1] && cols.size === dilated.shape[2]
      ? dilated
      : k.run(
          'Slice',
          { x: dilated },
          { begin: [0, rows.begin, cols.begin, 0], size: [batchSize, rows.size, cols.size, info.outChannels] },
        );
  return { spread, pad: [[0, 0], rows.pad, cols.pad, [0, 0]] };
}

export function conv2dBackpropInputComposed(backendName: string): KernelConfig {
  return {
    kernelName: Conv2DBackpropInput,
    backendName,
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { dy, filter } = inputs as { dy: TensorInfo; filter: TensorInfo };
      const convAttrs = attrs as unknown as Conv2DBackpropInputAttrs;
      const info = forwardConvInfo(Conv2DBackpropInput, backendName, convAttrs.inputShape, filter.shape as [number, number, number, number], convAttrs);
      return composeKernel(backendName, backend as KernelBackend, (k) => {
        const { spread, pad } = spreadOutputGradient(k, dy, info);
        const flipped = k.run('Reverse', { x: filter }, { dims: [0, 1] });
        const swapped = k.run('Transpose', { x: flipped }, { perm: [0, 1, 3, 2] }); // [kh, kw, co, ci]
        return k.run('Conv2D', { x: spread, filter: swapped }, { strides: [1, 1], pad, dataFormat: 'NHWC', dilations: [1, 1] });
      });
    },
  };
}
