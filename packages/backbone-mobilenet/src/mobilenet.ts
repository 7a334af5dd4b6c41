// MobileNet-v1 (Howard et al., "MobileNets", 2017) without its classifier, in keras.applications.MobileNet's layout
// and names: a 3×3 stride-2 conv of 32 filters, then 13 depthwise separable blocks — a 3×3 depthwise conv and a 1×1
// pointwise conv, each followed by batch normalisation (ε = 1e-3, as Keras) and ReLU6 — none with a bias. Stride-2
// layers pad one row and column at the bottom and right only (Keras's ZeroPadding2D((0, 1), (0, 1)) + 'valid'),
// the others pad 1 all round. Taps where the map shrinks next: conv_pw_1, 3, 5, 11, 13 (strides 2 to 32); the last,
// 1024 channels, 7×7 at 224, is the top conv layer. `width` is the paper's width multiplier α.
import { buildLayerBackbone, SPECIFICATION_VERSION, type BackboneDefinition, type LayerSpec, type Padding } from '@icnn/backbone';
import { mobilenetKerasNames } from './kerasNames';
import { resolveDepthMultiplier, type MobilenetOptions } from './options';
import { PROVIDER } from './provider';

/** [pointwise filters, stride of the depthwise conv] of blocks 1-13 (the paper's Table 1). */
const BLOCKS: readonly (readonly [filters: number, stride: number])[] = [
  [64, 1], [128, 2], [128, 1], [256, 2], [256, 1], [512, 2],
  [512, 1], [512, 1], [512, 1], [512, 1], [512, 1],
  [1024, 2], [1024, 1],
];
const TAPPED_BLOCKS = new Set([1, 3, 5, 11, 13]);
const BN_EPSILON = 1e-3;

const paddingFor = (stride: number): Padding => (stride === 2 ? [0, 1] : 1);

function mobilenetLayers(depthMultiplier: number): LayerSpec[] {
  const layers: LayerSpec[] = [
    { kind: 'conv', name: 'conv1', filters: 32, kernel: 3, stride: 2, padding: paddingFor(2), bias: false },
    { kind: 'batchNorm', name: 'conv1_bn', epsilon: BN_EPSILON },
    { kind: 'relu6', name: 'conv1_relu' },
  ];
  BLOCKS.forEach(([filters, stride], i) => {
    const id = i + 1;
    layers.push(
      { kind: 'depthwiseConv', name: `conv_dw_${id}`, kernel: 3, stride, padding: paddingFor(stride), multiplier: depthMultiplier, bias: false },
      { kind: 'batchNorm', name: `conv_dw_${id}_bn`, epsilon: BN_EPSILON },
      { kind: 'relu6', name: `conv_dw_${id}_relu` },
      { kind: 'conv', name: `conv_pw_${id}`, filters, kernel: 1, bias: false },
      { kind: 'batchNorm', name: `conv_pw_${id}_bn`, epsilon: BN_EPSILON },
      { kind: 'relu6', name: `conv_pw_${id}_relu`, ...(TAPPED_BLOCKS.has(id) ? { tap: `conv_pw_${id}` } : {}) },
    );
  });
  return layers;
}

const description = 'MobileNet-v1 without its classifier (Howard et al. 2017), Keras layout, 224×224';

export const mobilenetV1: BackboneDefinition<MobilenetOptions> = {
  specificationVersion: SPECIFICATION_VERSION,
  name: 'mobilenet-v1',
  provider: PROVIDER,
  description,
  create: (options?: MobilenetOptions) =>
    buildLayerBackbone(
      {
        name: 'mobilenet-v1',
        provider: PROVIDER,
        description,
        inputSize: 224,
        layers: mobilenetLayers(resolveDepthMultiplier('mobilenet-v1', options)),
        kerasNames: mobilenetKerasNames,
      },
      options,
    ),
};
