// Conv2DBackpropFilter composed from the backend's forward Conv2D (XNNPACK on wasm): the weight gradient is a
// convolution of the input, batch moved to channels, with the output gradient as the filter, dilated by the stride.
//   dW[kh,kw,ci,co] = Σ_b,oh,ow xpad[b, oh·s + kh, ow·s + kw, ci] · dy[b, oh, ow, co]
import {
  Conv2DBackpropFilter,
  type Conv2DBackpropFilterAttrs,
  type KernelBackend,
  type KernelConfig,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { composeKernel } from './composeKernels';
import { filterGradientPadding, forwardConvInfo } from './convGeometry';

export function conv2dBackpropFilterComposed(backendName: string): KernelConfig {
  return {
    kernelName: Conv2DBackpropFilter,
    backendName,
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { x, dy } = inputs as { x: TensorInfo; dy: TensorInfo };
      const convAttrs = attrs as unknown as Conv2DBackpropFilterAttrs;
      const info = forwardConvInfo(Conv2DBackpropFilter, backendName, x.shape as [number, number, number, number], convAttrs.filterShape, convAttrs);
      const { filterHeight: kh, filterWidth: kw, strideHeight: sh, strideWidth: sw } = info;
      const { top, left, bottom, right } = filterGradientPadding(info);
      return composeKernel(backendName, backend as KernelBackend, (k) => {
        const xT = k.run('Transpose', { x }, { perm: [3, 1, 2, 0] }); // [ci, H, W, B]
        const dyT = k.run('Transpose', { x: dy }, { perm: [1, 2, 0, 3] }); // [oh, ow, B, co]
        const full = k.run(
          'Conv2D',
          { x: xT, filter: dyT },
          {
            strides: [1, 1],
            pad: [[0, 0], [top, bottom], [left, right], [0, 0]],
            dataFormat: 'NHWC',
            dilations: [sh, sw],
          },
        ); // [ci, ≥kh, ≥kw, co]
        const exact =
          full.shape[1] === kh && full.shape[2] === kw
            ? full
            : k.run('Slice', { x: full }, { begin: [0, 0, 0, 0], size: [info.inChannels, kh, kw, info.outChannels] });
        return k.run('Transpose', { x: exact }, { perm: [1, 2, 0, 3] }); // [kh, kw, ci, co]
      });
    },
  };
}
