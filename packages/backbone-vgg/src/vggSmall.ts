// A compact VGG-style net for training from scratch on a CPU (not one of the paper's backbones): three blocks of two
// 3×3 convolutions with batch norm (64, 128, 256 filters at width 1), 2×2 stride-2 pools between blocks, then one
// 3×3 top conv of 256 filters without batch norm (the layer the interpretable layers follow). Batch norm is what
// lets it learn from a thousand images without ImageNet weights. At 64×64 the top map is 8×8, stride 8.
import { defineLayerBackbone, type LayerSpec } from '@icnn/backbone';
import { PROVIDER } from './provider';

const BLOCKS: readonly (readonly number[])[] = [[64, 64], [128, 128], [256, 256]];
const TOP_FILTERS = 256;

function vggSmallLayers(): LayerSpec[] {
  const layers: LayerSpec[] = [];
  BLOCKS.forEach((block, b) => {
    block.forEach((filters, i) => {
      const name = `conv${b + 1}_${i + 1}`;
      layers.push({ kind: 'conv', name, filters, kernel: 3, padding: 1 });
      layers.push({ kind: 'batchNorm', name: `bn${b + 1}_${i + 1}` });
      layers.push({ kind: 'relu', name: `relu${b + 1}_${i + 1}`, ...(i === block.length - 1 ? { tap: name } : {}) });
    });
    layers.push({ kind: 'maxPool', name: `pool${b + 1}`, kernel: 2, stride: 2 });
  });
  layers.push({ kind: 'conv', name: 'conv4', filters: TOP_FILTERS, kernel: 3, padding: 1 });
  layers.push({ kind: 'relu', name: 'relu4', tap: 'conv4' });
  return layers;
}

export const vggSmall = defineLayerBackbone({
  name: 'vgg-small',
  provider: PROVIDER,
  description: 'Compact VGG-style net with batch norm for CPU-scale training from scratch (icnn), 64×64',
  inputSize: 64,
  layers: vggSmallLayers(),
});
