// The contract kit over every backbone in the registry once all built-in plugins are registered, each on a small
// variant: a plugin whose own tests skip the kit (or skip a backbone) is still held to the contract here.
import { listBackbones } from '@icnn/backbone';
import { register as registerAlexnet } from '@icnn/backbone-alexnet';
import { register as registerMobilenet } from '@icnn/backbone-mobilenet';
import { register as registerResnet } from '@icnn/backbone-resnet';
import { register as registerVgg } from '@icnn/backbone-vgg';
import { initBackend } from '@icnn/runtime';
import { describeBackends } from '@icnn/test-utils';
import { runContractOverRegistry } from '@icnn/testing';
import { expect, it } from 'vitest';

registerAlexnet();
registerMobilenet();
registerResnet();
registerVgg();
await initBackend('wasm'); // smallVariantOptions reads each layer list while the suite is collected

it('has every built-in backbone registered', () => {
  expect(listBackbones()).toEqual(expect.arrayContaining(['alexnet', 'mobilenet-v1', 'resnet18', 'resnet34', 'resnet50', 'vgg-m', 'vgg-s', 'vgg-small', 'vgg16']));
});

describeBackends('every registered backbone (small variants)', () => runContractOverRegistry(), ['wasm']);
