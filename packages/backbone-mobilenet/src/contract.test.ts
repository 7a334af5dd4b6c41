import { runBackboneContract } from '@icnn/testing';
import { describeBackends } from '@icnn/test-utils';
import { register } from './register';

register();

describeBackends('mobilenet backbones', () => {
  // The published network at 224 px (batch-1 forward); gradients and receptive-field support on a CPU-scale variant.
  runBackboneContract('mobilenet-v1', { small: { width: 1 / 8, inputSize: 96 } });
  runBackboneContract('mobilenet-v1', { full: { depthMultiplier: 2, width: 1 / 4, inputSize: 96 }, small: { depthMultiplier: 2, width: 1 / 8, inputSize: 64 } });
}, ['wasm']);
