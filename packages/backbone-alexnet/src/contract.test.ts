import { runBackboneContract } from '@icnn/testing';
import { describeBackends } from '@icnn/test-utils';
import { alexnetBackbones, register } from './register';

register();

describeBackends('alexnet backbones', () => {
  for (const { name } of alexnetBackbones) runBackboneContract(name);
}, ['wasm']);
