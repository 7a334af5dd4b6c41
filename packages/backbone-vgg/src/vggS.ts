// VGG-S (Chatfield et al., BMVC 2014) to conv5 after its ReLU, as MatConvNet's imagenet-vgg-s: conv1 96×7×7
// stride 2, LRN, 3×3 stride-3 pool; conv2 256×5×5 (no padding), 2×2 stride-2 pool; conv3-5 512×3×3 pad 1.
// MatConvNet pads pool1 by 2 and pool2 by 1 at the bottom and right, which makes conv5 17×17 at 224.
import { defineLayerBackbone } from '@icnn/backbone';
import { MATCONVNET_LRN } from './lrn';
import { PROVIDER } from './provider';

export const vggS = defineLayerBackbone({
  name: 'vgg-s',
  provider: PROVIDER,
  description: 'VGG-S to conv5 (Chatfield et al. 2014), 224×224',
  inputSize: 224,
  layers: [
    { kind: 'conv', name: 'conv1', filters: 96, kernel: 7, stride: 2 },
    { kind: 'relu', name: 'relu1', tap: 'conv1' },
    { kind: 'lrn', name: 'norm1', ...MATCONVNET_LRN },
    { kind: 'maxPool', name: 'pool1', kernel: 3, stride: 3, padding: [0, 2] },
    { kind: 'conv', name: 'conv2', filters: 256, kernel: 5 },
    { kind: 'relu', name: 'relu2', tap: 'conv2' },
    { kind: 'maxPool', name: 'pool2', kernel: 2, stride: 2, padding: [0, 1] },
    { kind: 'conv', name: 'conv3', filters: 512, kernel: 3, padding: 1 },
    { kind: 'relu', name: 'relu3', tap: 'conv3' },
    { kind: 'conv', name: 'conv4', filters: 512, kernel: 3, padding: 1 },
    { kind: 'relu', name: 'relu4', tap: 'conv4' },
    { kind: 'conv', name: 'conv5', filters: 512, kernel: 3, padding: 1 },
    { kind: 'relu', name: 'relu5', tap: 'conv5' },
  ],
});
