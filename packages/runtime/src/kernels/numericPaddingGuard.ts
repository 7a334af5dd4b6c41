// tfjs-core 4.22 sizes the output of a numeric `pad` from the window's height and the height stride alone
// (conv_util's getPadAndOutInfo calls computeOutputShape2D with filterHeight and strideHeight for both dimensions).
// With a non-square window, or unequal strides or dilations, every backend gets a wrong output width: the cpu
// backend quietly returns a wrongly shaped result, and tfjs-wasm's XNNPACK writes the true width into the smaller
// buffer — out of bounds, corrupting the heap (wrong numbers, then "memory access out of bounds" at some later call).
// The guard sits in front of each kernel that takes `pad` and writes such a padding out explicitly, which tfjs sizes
// correctly; every other call passes straight through.
import {
  AvgPool,
  AvgPoolGrad,
  Conv2D,
  Conv2DBackpropFilter,
  Conv2DBackpropInput,
  DepthwiseConv2dNative,
  DepthwiseConv2dNativeBackpropFilter,
  DepthwiseConv2dNativeBackpropInput,
  FusedConv2D,
  FusedDepthwiseConv2D,
  getKernel,
  MaxPool,
  MaxPoolGrad,
  registerKernel,
  unregisterKernel,
  type KernelConfig,
  type NamedAttrMap,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { GUARDED } from './stockKernels';

type Pair = [number, number];
type Window = (inputs: Record<string, TensorInfo>, attrs: NamedAttrMap) => Pair;

const pair = (v: unknown): Pair => (Array.isArray(v) ? [Number(v[0]), Number(v[1])] : [Number(v), Number(v)]);
const filterWindow: Window = (inputs) => [inputs.filter.shape[0], inputs.filter.shape[1]];
const filterShapeWindow: Window = (_, attrs) => pair(attrs.filterShape);
const poolWindow: Window = (_, attrs) => pair(attrs.filterSize);

/** The kernels whose output size tfjs derives from `pad`, and where each finds its window's height and width. */
const WINDOWS: Readonly<Record<string, Window>> = {
  [Conv2D]: filterWindow,
  [FusedConv2D]: filterWindow,
  [Conv2DBackpropInput]: filterWindow,
  [Conv2DBackpropFilter]: filterShapeWindow,
  [DepthwiseConv2dNative]: filterWindow,
  [FusedDepthwiseConv2D]: filterWindow,
  [DepthwiseConv2dNativeBackpropInput]: filterWindow,
  [DepthwiseConv2dNativeBackpropFilter]: filterShapeWindow,
  [MaxPool]: poolWindow,
  [MaxPoolGrad]: poolWindow,
  [AvgPool]: poolWindow,
  [AvgPoolGrad]: poolWindow,
};

/** The explicit form of a numeric padding that tfjs would size wrongly, or null when it sizes it right. */
export function explicitPadding(kernelName: string, inputs: Record<string, TensorInfo>, attrs: NamedAttrMap): number[][] | null {
  const pad = attrs.pad;
  const window = WINDOWS[kernelName];
  if (typeof pad !== 'number' || window === undefined) return null;
  const [height, width] = window(inputs, attrs);
  const [dilationHeight, dilationWidth] = attrs.dilations === undefined ? [1, 1] : pair(attrs.dilations);
  const [strideHeight, strideWidth] = pair(attrs.strides);
  const effectiveHeight = (height - 1) * dilationHeight + 1;
  const effectiveWidth = (width - 1) * dilationWidth + 1;
  if (effectiveHeight === effectiveWidth && strideHeight === strideWidth) return null;
  return attrs.dataFormat === 'NCHW'
    ? [[0, 0], [0, 0], [pad, pad], [pad, pad]]
    : [[0, 0], [pad, pad], [pad, pad], [0, 0]];
}

/** `inner` behind the guard. */
export function guardNumericPadding(inner: KernelConfig): KernelConfig {
  return {
    kernelName: inner.kernelName,
    backendName: inner.backendName,
    kernelFunc: (args) => {
      const explicit = explicitPadding(inner.kernelName, args.inputs as Record<string, TensorInfo>, args.attrs ?? {});
      return inner.kernelFunc(explicit === null ? args : { ...args, attrs: { ...args.attrs, pad: explicit } });
    },
    ...(inner.setupFunc ? { setupFunc: inner.setupFunc } : {}),
    ...(inner.disposeFunc ? { disposeFunc: inner.disposeFunc } : {}),
    [GUARDED]: inner,
  } as KernelConfig;
}

/** Puts the guard in front of `backendName`'s padded kernels (once each; again after a kernel was replaced). */
export function registerNumericPaddingGuard(backendName: string): string[] {
  const guarded: string[] = [];
  for (const kernelName of Object.keys(WINDOWS)) {
    const current = getKernel(kernelName, backendName) as (KernelConfig & { [GUARDED]?: KernelConfig }) | undefined;
    if (current === undefined || current[GUARDED] !== undefined) continue;
    unregisterKernel(kernelName, backendName);
    registerKernel(guardNumericPadding(current));
    guarded.push(kernelName);
  }
  return guarded;
}
