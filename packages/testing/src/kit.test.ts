// The kit over a small backbone built only on the contract package, and the kit catching a backbone that lies.
import * as tf from '@tensorflow/tfjs-core';
import { defineLayerBackbone, registerBackbone, createBackbone, type Backbone } from '@icnn/backbone';
import { describeBackends } from '@icnn/test-utils';
import { describe, expect, it } from 'vitest';
import { expectFeatureInfoFromLayers } from './checks/geometry';
import { expectGradientsReachEveryVariable } from './checks/gradients';
import { expectInfluenceWithinReceptiveField } from './checks/receptiveFieldSupport';
import { smallVariantOptions } from './registeredBackbones';
import { runBackboneContract } from './runBackboneContract';

registerBackbone(
  defineLayerBackbone({
    name: 'kit-tiny',
    provider: '@icnn/testing',
    inputSize: 32,
    layers: [
      { kind: 'conv', name: 'conv1', filters: 16, kernel: 5, stride: 2, padding: 2 },
      { kind: 'batchNorm', name: 'bn1' },
      { kind: 'relu', name: 'relu1', tap: 'conv1' },
      { kind: 'maxPool', name: 'pool1', kernel: 3, stride: 2, padding: [0, 1] },
      {
        kind: 'residual',
        name: 'block',
        main: [
          { kind: 'conv', name: 'block.conv1', filters: 32, kernel: 3, stride: 2, padding: 1, bias: false },
          { kind: 'batchNorm', name: 'block.bn1' },
          { kind: 'relu', name: 'block.relu1' },
          { kind: 'conv', name: 'block.conv2', filters: 32, kernel: 3, padding: 1 },
        ],
        shortcut: [{ kind: 'conv', name: 'block.proj', filters: 32, kernel: 1, stride: 2 }],
      },
      { kind: 'relu', name: 'relu2', tap: 'block' },
    ],
  }),
);

describeBackends('contract kit', () => {
  runBackboneContract('kit-tiny', { small: { width: 0.5 } });

  describe('catches a backbone that breaks the contract', () => {
    const liar = (backbone: Backbone, change: (info: Backbone['featureInfo'][number]) => void): Backbone => {
      const featureInfo = backbone.featureInfo.map((f) => ({ ...f, receptiveField: { ...f.receptiveField } }));
      change(featureInfo[featureInfo.length - 1]);
      return { ...backbone, featureInfo };
    };

    it('featureInfo that disagrees with the layer list', () => {
      const backbone = createBackbone('kit-tiny');
      try {
        expect(() => expectFeatureInfoFromLayers(liar(backbone, (f) => (f.stride = 4)))).toThrow(/featureInfo vs its layer list/);
      } finally {
        backbone.dispose();
      }
    });

    it('a receptive field smaller than the pixels that influence the cell', () => {
      const backbone = createBackbone('kit-tiny');
      try {
        expect(() => expectInfluenceWithinReceptiveField(liar(backbone, (f) => (f.receptiveField.size = 5)))).toThrow(/outside its receptive field/);
      } finally {
        backbone.dispose();
      }
    });

    it('a trainable variable the output does not depend on', async () => {
      const backbone = createBackbone('kit-tiny');
      const stray = tf.variable(tf.zeros([3]), true);
      try {
        const withStray = { ...backbone, trainableVariables: () => [...backbone.trainableVariables(), stray] };
        await expect(expectGradientsReachEveryVariable(withStray)).rejects.toThrow(/no gradient/);
      } finally {
        stray.dispose();
        backbone.dispose();
      }
    });
  });

  describe('smallVariantOptions', () => {
    it('picks the smallest input (a multiple of 8) whose top map is at least 2×2, leaking nothing', () => {
      // kit-tiny: conv k5 s2 p2, pool k3 s2 pad [0, 1], block stride 2 → 16 px gives 8, 4, 2 cells; 8 px gives 1.
      const before = tf.memory().numTensors;
      expect(smallVariantOptions('kit-tiny')).toEqual({ width: 1 / 8, inputSize: 16 });
      expect(smallVariantOptions('kit-tiny', { width: 1 / 4, minMapSize: 4 })).toEqual({ width: 1 / 4, inputSize: 32 });
      expect(tf.memory().numTensors).toBe(before);
    });
  });
});
