// Conv2DBackpropFilter as batched matrix products, for GPUs. For each filter tap (i, j) the weight gradient is one
// matrix product over every batch position and output cell:
//   dW[i, j, ci, co] = Σ_{b,oh,ow} xpad[b, oh·sh + i, ow·sw + j, ci] · dy[b, oh, ow, co]
// i.e. windowᵀ · dy with window the input shifted by (i, j) and strided, both flattened to [B·oh·ow, ·]. That
// reduction is long (1.6 M for a 224×224 VGG layer at batch 32) while the output is small (ci × co), so one product
// would run a handful of workgroups; it is split into G groups ([G, L, ci]ᵀ · [G, L, co] → [G, ci, co], L ≈
// splitInner) that run in parallel, and the G partial products are summed.
import {
  Conv2DBackpropFilter,
  type Conv2DBackpropFilterAttrs,
  type KernelBackend,
  type KernelConfig,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { composeKernel, type KernelComposer } from '../kernels/composeKernels';
import { filterGradientPadding, forwardConvInfo } from '../kernels/convGeometry';
import { splitGroups } from './splitGroups';

interface WindowGeometry {
  batch: number;
  outHeight: number;
  outWidth: number;
  channels: number;
  strideHeight: number;
  strideWidth: number;
}

/** The input window of tap (i, j): rows i, i + sh, …, i + (oh − 1)·sh of the padded input (likewise columns). */
function tapWindow(k: KernelComposer, padded: TensorInfo, i: number, j: number, g: WindowGeometry): TensorInfo {
  const { batch, outHeight: oh, outWidth: ow, channels, strideHeight: sh, strideWidth: sw } = g;
  if (i === 0 && j === 0 && padded.shape[1] === oh && padded.shape[2] === ow && sh === 1 && sw === 1) return padded;
  if (sh === 1 && sw === 1) {
    return k.run('Slice', { x: padded }, { begin: [0, i, j, 0], size: [batch, oh, ow, channels] });
  }
  return k.run(
    'StridedSlice',
    { x: padded },
    {
      begin: [0, i, j, 0],
      end: [batch, i + (oh - 1) * sh + 1, j + (ow - 1) * sw + 1, channels],
      strides: [1, sh, sw, 1],
      beginMask: 0,
      endMask: 0,
      ellipsisMask: 0,
      newAxisMask: 0,
      shrinkAxisMask: 0,
    },
  );
}

export interface SplitKOptions {
  /** Target length of each group's reduction (see WebgpuKernelOptions.splitInner). */
  splitInner: number;
}

export function conv2dBackpropFilterSplitK(backendName: string, options: SplitKOptions): KernelConfig {
  return {
    kernelName: Conv2DBackpropFilter,
    backendName,
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { x, dy } = inputs as { x: TensorInfo; dy: TensorInfo };
      const convAttrs = attrs as unknown as Conv2DBackpropFilterAttrs;
      const info = forwardConvInfo(Conv2DBackpropFilter, backendName, x.shape as [number, number, number, number], convAttrs.filterShape, convAttrs);
      const { filterHeight: kh, filterWidth: kw, strideHeight: sh, strideWidth: sw, outHeight: oh, outWidth: ow } = info;
      const { batchSize: batch, inChannels: ci, outChannels: co } = info;
      const { top, left, bottom, right } = filterGradientPadding(info);
      const rows = batch * oh * ow;
      const groups = splitGroups(rows, options.splitInner);
      const geometry: WindowGeometry = { batch, outHeight: oh, outWidth: ow, channels: ci, strideHeight: sh, strideWidth: sw };
      const kernelBackend = backend as KernelBackend;
      return composeKernel(backendName, kernelBackend, (k) => {
        const padded =
          top + bottom + left + right === 0
            ? x
            : k.run('PadV2', { x }, { paddings: [[0, 0], [top, bottom], [left, right], [0, 0]], constantValue: 0 });
        const dyGroups = k.run('Reshape', { x: dy }, { shape: [groups, rows / groups, co] });
        const taps: TensorInfo[] = [];
        try {
          for (let i = 0; i < kh; i++) {
            for (let j = 0; j < kw; j++) {
              // Each tap's window is as large as the input: release it before the next one is cut.
              taps.push(
                composeKernel(backendName, kernelBackend, (t) => {
                  const window = tapWindow(t, padded, i, j, geometry);
                  const windowGroups = t.run('Reshape', { x: window }, { shape: [groups, rows / groups, ci] });
                  const partial = t.run('BatchMatMul', { a: windowGroups, b: dyGroups }, { transposeA: true, transposeB: false }); // [G, ci, co]
                  return groups === 1
                    ? t.run('Reshape', { x: partial }, { shape: [ci, co] })
                    : t.run('Sum', { x: partial }, { axis: [0], keepDims: false });
                }),
              );
            }
          }
          // Pack takes its inputs as an array.
          const stacked = taps.length === 1 ? taps[0] : k.run('Pack', taps as unknown as Record<string, TensorInfo>, { axis: 0 });
          return k.run('Reshape', { x: stacked }, { shape: [kh, kw, ci, co] });
        } finally {
          taps.forEach((tap) => kernelBackend.disposeData(tap.dataId)); // the result holds its own reference
        }
      });
    },
  };
}
