// ResNet-18/34/50 (He et al., CVPR 2016) without the classifier: stem (7×7 stride-2 conv, BN, ReLU, 3×3 stride-2
// max pool, pad 1) and four stages of 64/128/256/512 planes; stages 2-4 start with stride 2. Each stage's output
// (after its last ReLU) is a tap: 'layer1' … 'layer4' (strides 4, 8, 16, 32). Interpretable layers put after a
// stage see only that stage's output: later skip connections carry features around any layer added inside a stage.
// ResNet-50 takes `strideOn` ('3x3', torchvision, default; '1x1', Keras) and derives its geometry from the result.
import { buildLayerBackbone, SPECIFICATION_VERSION, type BackboneDefinition, type KerasNameMap, type LayerSpec } from '@icnn/backbone';
import { block, EXPANSION, type BlockKind, type StrideOn } from './blocks';
import { resnet50KerasNames } from './kerasNames';
import { resolveStrideOn, type ResnetOptions } from './options';
import { PROVIDER } from './provider';

const PLANES = [64, 128, 256, 512] as const;

function resnetLayers(kind: BlockKind, depths: readonly number[], strideOn: StrideOn): LayerSpec[] {
  const layers: LayerSpec[] = [
    { kind: 'conv', name: 'conv1', filters: 64, kernel: 7, stride: 2, padding: 3, bias: false },
    { kind: 'batchNorm', name: 'bn1' },
    { kind: 'relu', name: 'relu' },
    { kind: 'maxPool', name: 'maxpool', kernel: 3, stride: 2, padding: 1 },
  ];
  let channels = 64;
  depths.forEach((depth, s) => {
    for (let i = 0; i < depth; i++) {
      const stride = s > 0 && i === 0 ? 2 : 1;
      const tap = i === depth - 1 ? `layer${s + 1}` : undefined;
      layers.push(...block(kind, `layer${s + 1}.${i}`, channels, PLANES[s], stride, tap, strideOn));
      channels = PLANES[s] * EXPANSION[kind];
    }
  });
  return layers;
}

function defineResnet(name: string, kind: BlockKind, depths: readonly number[], title: string, kerasNames?: KerasNameMap): BackboneDefinition<ResnetOptions> {
  const description = `${title} without its classifier (He et al. 2016), 224×224`;
  return {
    specificationVersion: SPECIFICATION_VERSION,
    name,
    provider: PROVIDER,
    description,
    create: (options?: ResnetOptions) =>
      buildLayerBackbone(
        { name, provider: PROVIDER, description, inputSize: 224, layers: resnetLayers(kind, depths, resolveStrideOn(name, kind, options)), ...(kerasNames ? { kerasNames } : {}) },
        options,
      ),
  };
}

export const resnet18 = defineResnet('resnet18', 'basic', [2, 2, 2, 2], 'ResNet-18');
export const resnet34 = defineResnet('resnet34', 'basic', [3, 4, 6, 3], 'ResNet-34');
export const resnet50 = defineResnet('resnet50', 'bottleneck', [3, 4, 6, 3], 'ResNet-50', resnet50KerasNames);
