// ResNet building blocks as layer lists (He et al., CVPR 2016; torchvision's names): convolutions without bias, each
// followed by batch normalisation; a projection shortcut (1×1 conv + BN) where the stride or channel count changes,
// the identity elsewhere; ReLU after the sum. A bottleneck's stride sits on its 3×3 convolution (torchvision, 'v1.5')
// or on its first 1×1 convolution (the original paper, Caffe and keras.applications.ResNet50).
import type { LayerSpec } from '@icnn/backbone';

export type BlockKind = 'basic' | 'bottleneck';

/** Which convolution of a downsampling bottleneck carries its stride. */
export type StrideOn = '1x1' | '3x3';

/** Output channels per `planes` of a block. */
export const EXPANSION: Readonly<Record<BlockKind, number>> = { basic: 1, bottleneck: 4 };

function convBn(prefix: string, index: number, filters: number, kernel: number, stride = 1): LayerSpec[] {
  return [
    { kind: 'conv', name: `${prefix}.conv${index}`, filters, kernel, stride, padding: (kernel - 1) / 2, bias: false },
    { kind: 'batchNorm', name: `${prefix}.bn${index}` },
  ];
}

const relu = (name: string, tap?: string): LayerSpec => ({ kind: 'relu', name, ...(tap !== undefined ? { tap } : {}) });

/** One block named `prefix` ('layer2.0') taking `inChannels`; the ReLU after the sum is tapped as `tap`. */
export function block(
  kind: BlockKind,
  prefix: string,
  inChannels: number,
  planes: number,
  stride: number,
  tap?: string,
  strideOn: StrideOn = '3x3',
): LayerSpec[] {
  const out = planes * EXPANSION[kind];
  const main: LayerSpec[] =
    kind === 'basic'
      ? [...convBn(prefix, 1, planes, 3, stride), relu(`${prefix}.relu1`), ...convBn(prefix, 2, planes, 3)]
      : [
          ...convBn(prefix, 1, planes, 1, strideOn === '1x1' ? stride : 1),
          relu(`${prefix}.relu1`),
          ...convBn(prefix, 2, planes, 3, strideOn === '3x3' ? stride : 1),
          relu(`${prefix}.relu2`),
          ...convBn(prefix, 3, out, 1),
        ];
  const shortcut: LayerSpec[] =
    stride !== 1 || inChannels !== out
      ? [
          { kind: 'conv', name: `${prefix}.downsample.0`, filters: out, kernel: 1, stride, bias: false },
          { kind: 'batchNorm', name: `${prefix}.downsample.1` },
        ]
      : [];
  return [{ kind: 'residual', name: prefix, main, shortcut }, relu(`${prefix}.relu`, tap)];
}
