// VGG-16 (Simonyan & Zisserman, ICLR 2015, configuration D) up to conv5_3 after its ReLU: 13 3×3 convolutions
// (pad 1) in five blocks, 2×2 stride-2 max pools between blocks (conv5_3 is 14×14 at 224).
import { defineLayerBackbone, type LayerSpec } from '@icnn/backbone';
import { vgg16KerasNames } from './kerasNames';
import { PROVIDER } from './provider';

const BLOCKS: readonly (readonly number[])[] = [[64, 64], [128, 128], [256, 256, 256], [512, 512, 512], [512, 512, 512]];

function vgg16Layers(): LayerSpec[] {
  const layers: LayerSpec[] = [];
  BLOCKS.forEach((block, b) => {
    block.forEach((filters, i) => {
      const name = `conv${b + 1}_${i + 1}`;
      layers.push({ kind: 'conv', name, filters, kernel: 3, padding: 1 });
      layers.push({ kind: 'relu', name: `relu${b + 1}_${i + 1}`, ...(i === block.length - 1 ? { tap: name } : {}) });
    });
    if (b < BLOCKS.length - 1) layers.push({ kind: 'maxPool', name: `pool${b + 1}`, kernel: 2, stride: 2 });
  });
  return layers;
}

export const vgg16 = defineLayerBackbone({
  name: 'vgg16',
  provider: PROVIDER,
  description: 'VGG-16 to conv5_3 (Simonyan & Zisserman 2015), 224×224',
  inputSize: 224,
  layers: vgg16Layers(),
  kerasNames: vgg16KerasNames,
});
