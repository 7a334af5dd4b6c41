// The geometry both composed conv-gradient kernels start from: tfjs's own conv info for the forward convolution.
import { backend_util } from '@tensorflow/tfjs-core';

type Shape4 = [number, number, number, number];

export interface ConvGradientAttrs {
  strides: number | [number, number];
  pad: 'valid' | 'same' | number | backend_util.ExplicitPadding;
  /** Absent on the depthwise kernels (NHWC only). */
  dataFormat?: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  dilations?: number | [number, number];
}

/**
 * The forward conv's info (NHWC, no dilation: tfjs's conv2d and depthwise gradients refuse dilation). `depthwise`:
 * the filter is [kh, kw, in, multiplier] and the output has in·multiplier channels.
 */
export function forwardConvInfo(kernel: string, backendName: string, xShape: Shape4, filterShape: Shape4, attrs: ConvGradientAttrs, depthwise = false) {
  if (attrs.dataFormat === 'NCHW') throw new Error(`icnn ${backendName} ${kernel} supports NHWC only`);
  const dilations = attrs.dilations ?? 1;
  if ((Array.isArray(dilations) ? dilations : [dilations]).some((d) => d !== 1)) {
    throw new Error(`icnn ${backendName} ${kernel} supports dilation 1 only, got dilations ${String(dilations)}`);
  }
  return backend_util.computeConv2DInfo(xShape, filterShape, attrs.strides, 1, attrs.pad, attrs.dimRoundingMode, depthwise, 'channelsLast');
}

/** Zero padding the weight gradient reads around x: tfjs's top/left, and bottom/right enough for the last window
 * (rows beyond it, a 'valid' remainder, are never read). */
export function filterGradientPadding(info: ReturnType<typeof forwardConvInfo>): { top: number; left: number; bottom: number; right: number } {
  const { filterHeight: kh, filterWidth: kw, strideHeight: sh, strideWidth: sw, outHeight: oh, outWidth: ow } = info;
  const { top, left } = info.padInfo;
  return { top, left, bottom: Math.max(0, kh + (oh - 1) * sh - top - info.inHeight), right: Math.max(0, kw + (ow - 1) * sw - left - info.inWidth) };
}
