import { runBackboneContract } from '@icnn/testing';
import { describeBackends } from '@icnn/test-utils';
import { register, resnetBackbones } from './register';

register();

describeBackends('resnet backbones', () => {
  for (const { name } of resnetBackbones) runBackboneContract(name);
}, ['wasm']);
