// The Caffe AlexNet (bvlc_alexnet; Krizhevsky et al. 2012) to conv5 after its ReLU, 227×227: conv1 96×11×11
// stride 4, LRN, 3×3 stride-2 pool; conv2 256×5×5 pad 2 in 2 groups, LRN, 3×3 stride-2 pool; conv3 384×3×3 pad 1;
// conv4 384×3×3 pad 1 in 2 groups; conv5 256×3×3 pad 1 in 2 groups (conv5 13×13).
import { defineLayerBackbone, type LrnSpec } from '@icnn/backbone';
import { PROVIDER } from './provider';

/** Caffe's LRN (local_size 5, alpha 1e-4, beta 0.75, k 1); Caffe divides alpha by local_size. */
const CAFFE_LRN: Omit<LrnSpec, 'kind' | 'name'> = { size: 5, bias: 1, alpha: 1e-4 / 5, beta: 0.75 };

export const alexnet = defineLayerBackbone({
  name: 'alexnet',
  provider: PROVIDER,
  description: 'Caffe AlexNet to conv5 (Krizhevsky et al. 2012), 227×227',
  inputSize: 227,
  layers: [
    { kind: 'conv', name: 'conv1', filters: 96, kernel: 11, stride: 4 },
    { kind: 'relu', name: 'relu1', tap: 'conv1' },
    { kind: 'lrn', name: 'norm1', ...CAFFE_LRN },
    { kind: 'maxPool', name: 'pool1', kernel: 3, stride: 2 },
    { kind: 'conv', name: 'conv2', filters: 256, kernel: 5, padding: 2, groups: 2 },
    { kind: 'relu', name: 'relu2', tap: 'conv2' },
    { kind: 'lrn', name: 'norm2', ...CAFFE_LRN },
    { kind: 'maxPool', name: 'pool2', kernel: 3, stride: 2 },
    { kind: 'conv', name: 'conv3', filters: 384, kernel: 3, padding: 1 },
    { kind: 'relu', name: 'relu3', tap: 'conv3' },
    { kind: 'conv', name: 'conv4', filters: 384, kernel: 3, padding: 1, groups: 2 },
    { kind: 'relu', name: 'relu4', tap: 'conv4' },
    { kind: 'conv', name: 'conv5', filters: 256, kernel: 3, padding: 1, groups: 2 },
    { kind: 'relu', name: 'relu5', tap: 'conv5' },
  ],
});
