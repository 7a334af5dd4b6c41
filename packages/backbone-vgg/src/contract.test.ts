import { runBackboneContract } from '@icnn/testing';
import { describeBackends } from '@icnn/test-utils';
import { register, vggBackbones } from './register';

register();

describeBackends('vgg backbones', () => {
  for (const { name } of vggBackbones) runBackboneContract(name);
}, ['wasm']);
