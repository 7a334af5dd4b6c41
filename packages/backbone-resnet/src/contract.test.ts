import { runBackboneContract } from '@icnn/testing';
import { describeBackends } from '@icnn/test-utils';
import type { ResnetOptions } from './options';
import { register, resnetBackbones } from './register';

register();

describeBackends('resnet backbones', () => {
  for (const { name } of resnetBackbones) runBackboneContract(name);
  // Keras layout: the kit's geometry, receptive-field and gradient checks on the stride-on-1×1 variant.
  const keras: ResnetOptions = { strideOn: '1x1' };
  runBackboneContract('resnet50', { full: { ...keras, width: 1 / 8, inputSize: 64 }, small: { ...keras, width: 1 / 8, inputSize: 64 } });
}, ['wasm']);
