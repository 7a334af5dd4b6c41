// The contract kit over TinyNet (what every plugin's test file looks like), plus TinyNet's own numbers.
import { createBackbone, listBackbones } from '@icnn/backbone';
import { runBackboneContract } from '@icnn/testing';
import { describeBackends } from '@icnn/test-utils';
import { expect, it } from 'vitest';
import { register } from './register';

register();

describeBackends('tinynet', () => {
  runBackboneContract('tinynet', { small: { width: 1 / 4, inputSize: 16 } });

  it('is listed, and its geometry is the hand-computed one', () => {
    expect(listBackbones()).toContain('tinynet');
    const backbone = createBackbone('tinynet');
    try {
      // conv 3/1 pad 1: rf 3, centre 0. pool 2/2: rf 4, centre 0.5, jump 2. conv: rf 4+2·2 = 8, centre 0.5.
      // pool: rf 10, centre 0.5 + 0.5·2 = 1.5, jump 4. conv: rf 10+2·4 = 18.
      expect(backbone.featureInfo).toEqual([
        { name: 'conv1', channels: 16, stride: 1, receptiveField: { size: 3, centre: 0 }, spatialSize: [64, 64] },
        { name: 'conv2', channels: 32, stride: 2, receptiveField: { size: 8, centre: 0.5 }, spatialSize: [32, 32] },
        { name: 'conv3', channels: 64, stride: 4, receptiveField: { size: 18, centre: 1.5 }, spatialSize: [16, 16] },
      ]);
      // 3·3·3·16+16 + 3·3·16·32+32 + 3·3·32·64+64
      expect(backbone.countParams()).toBe(448 + 4640 + 18496);
    } finally {
      backbone.dispose();
    }
  });

  it('names the bad option and the bad tap', () => {
    expect(() => createBackbone('tinynet', { width: -1 })).toThrow(/createBackbone\('tinynet'\): 'width'/);
    const backbone = createBackbone('tinynet', { width: 1 / 4, inputSize: 16 });
    try {
      expect(() => backbone.forwardFeatures(backbone.variables['conv1/kernel'] as never)).toThrow(/'x' must be a Tensor4D/);
    } finally {
      backbone.dispose();
    }
  });
}, ['cpu']);
