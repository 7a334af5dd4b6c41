// DepthwiseConv2dNativeBackpropFilter (missing on stock wasm) composed from the backend's forward depthwise
// convolution (XNNPACK on wasm). Batch and channels go side by side into one image's channels, [1, H, W, B·C], and
// the output gradient becomes the per-channel filter, [oh, ow, B·C, m], dilated by the stride; the batch is then
// summed out:
//   dW[kh, kw, c, q] = Σ_b Σ_oh,ow xpad[b, oh·sh + kh, ow·sw + kw, c] · dy[b, oh, ow, c·m + q]
import {
  DepthwiseConv2dNativeBackpropFilter,
  type DepthwiseConv2dNativeBackpropFilterAttrs,
  type KernelBackend,
  type KernelConfig,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { composeKernel } from './composeKernels';
import { filterGradientPadding, forwardConvInfo } from './convGeometry';

type Shape4 = [number, number, number, number];

export function depthwiseConv2dBackpropFilterComposed(backendName: string): KernelConfig {
  return {
    kernelName: DepthwiseConv2dNativeBackpropFilter,
    backendName,
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { x, dy } = inputs as { x: TensorInfo; dy: TensorInfo };
      const convAttrs = attrs as unknown as DepthwiseConv2dNativeBackpropFilterAttrs;
      const filterShape = convAttrs.filterShape as Shape4;
      const [kh, kw, channels, multiplier] = filterShape;
      const info = forwardConvInfo(DepthwiseConv2dNativeBackpropFilter, backendName, x.shape as Shape4, filterShape, convAttrs, true);
      const { batchSize: batch, inHeight: inH, inWidth: inW, outHeight: oh, outWidth: ow, strideHeight: sh, strideWidth: sw } = info;
      const { top, left, bottom, right } = filterGradientPadding(info);
      return composeKernel(backendName, backend as KernelBackend, (k) => {
        const xT = k.run('Transpose', { x }, { perm: [1, 2, 0, 3] }); // [H, W, B, C]
        const image = k.run('Reshape', { x: xT }, { shape: [1, inH, inW, batch * channels] });
        const dyT = k.run('Transpose', { x: dy }, { perm: [1, 2, 0, 3] }); // [oh, ow, B, C·m]
        const dyFilter = k.run('Reshape', { x: dyT }, { shape: [oh, ow, batch * channels, multiplier] });
        const full = k.run(
          'DepthwiseConv2dNative',
          { x: image, filter: dyFilter },
          { strides: [1, 1], pad: [[0, 0], [top, bottom], [left, right], [0, 0]], dataFormat: 'NHWC', dilations: [sh, sw] },
        ); // [1, ≥kh, ≥kw, B·C·m]
        const exact =
          full.shape[1] === kh && full.shape[2] === kw
            ? full
            : k.run('Slice', { x: full }, { begin: [0, 0, 0, 0], size: [1, kh, kw, batch * channels * multiplier] });
        const perImage = k.run('Reshape', { x: exact }, { shape: [kh, kw, batch, channels * multiplier] });
        const summed = batch === 1 ? perImage : k.run('Sum', { x: perImage }, { axis: [2], keepDims: false });
        return k.run('Reshape', { x: summed }, { shape: filterShape });
      });
    },
  };
}
