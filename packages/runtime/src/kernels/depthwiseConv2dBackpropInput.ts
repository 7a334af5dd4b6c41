// DepthwiseConv2dNativeBackpropInput (missing on stock wasm) composed from the backend's forward depthwise
// convolution (XNNPACK on wasm). With channel multiplier m, output channel ci·m + q comes from input channel ci
// through W[·, ·, ci, q]; its input gradient is a depthwise convolution of the zero-inserted output gradient by the
// spatially flipped filter, one output channel per (ci, q), then summed over q:
//   dx[b, r, c, ci] = Σ_q Σ_kh,kw dyd[b, r + top − kh, c + left − kw, ci·m + q] · W[kh, kw, ci, q]
import {
  DepthwiseConv2dNativeBackpropInput,
  type DepthwiseConv2dNativeBackpropInputAttrs,
  type KernelBackend,
  type KernelConfig,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { composeKernel } from './composeKernels';
import { spreadOutputGradient } from './conv2dBackpropInput';
import { forwardConvInfo } from './convGeometry';

type Shape4 = [number, number, number, number];

export function depthwiseConv2dBackpropInputComposed(backendName: string): KernelConfig {
  return {
    kernelName: DepthwiseConv2dNativeBackpropInput,
    backendName,
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { dy, filter } = inputs as { dy: TensorInfo; filter: TensorInfo };
      const convAttrs = attrs as unknown as DepthwiseConv2dNativeBackpropInputAttrs;
      const [kh, kw, channels, multiplier] = filter.shape as Shape4;
      const info = forwardConvInfo(DepthwiseConv2dNativeBackpropInput, backendName, convAttrs.inputShape, filter.shape as Shape4, convAttrs, true);
      const [batch, inH, inW] = convAttrs.inputShape;
      return composeKernel(backendName, backend as KernelBackend, (k) => {
        const { spread, pad } = spreadOutputGradient(k, dy, info);
        const flipped = k.run('Reverse', { x: filter }, { dims: [0, 1] });
        // [kh, kw, ci, q] → [kh, kw, ci·m, 1]: one filter per output channel, in the forward output's order.
        const perChannel = multiplier === 1 ? flipped : k.run('Reshape', { x: flipped }, { shape: [kh, kw, channels * multiplier, 1] });
        const full = k.run(
          'DepthwiseConv2dNative',
          { x: spread, filter: perChannel },
          { strides: [1, 1], pad, dataFormat: 'NHWC', dilations: [1, 1] },
        ); // [B, H, W, ci·m]
        if (multiplier === 1) return full;
        const split = k.run('Reshape', { x: full }, { shape: [batch, inH, inW, channels, multiplier] });
        return k.run('Sum', { x: split }, { axis: [4], keepDims: false });
      });
    },
  };
}
