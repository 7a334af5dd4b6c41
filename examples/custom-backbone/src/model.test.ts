// TinyNet under buildInterpretableNet: the builder finds it through the registry like any built-in backbone.
import * as tf from '@tensorflow/tfjs-core';
import { buildInterpretableNet } from '@icnn/model';
import { describeBackends } from '@icnn/test-utils';
import { expect, it } from 'vitest';
import { register } from './register';

register();

describeBackends('buildInterpretableNet on tinynet', () => {
  it('runs one forward pass with the interpretable layers after conv3', () => {
    const net = buildInterpretableNet({ backbone: 'tinynet', backboneOptions: { width: 1 / 2, inputSize: 32 }, classes: 3, variant: 'authors', hidden: 16, dropout: 0 });
    try {
      expect(net.tap.name).toBe('conv3');
      expect(net.tap.channels).toBe(32);
      const x = tf.randomUniform([2, 32, 32, 3], 0, 1, 'float32', 1) as tf.Tensor4D;
      const labels = tf.tensor2d([[1, -1, -1], [-1, 1, -1]]);
      const out = net.forward(x, { training: true, labels });
      expect(out.logits.shape).toEqual([2, 3]);
      expect(out.topFeatures.shape).toEqual([2, 8, 8, 32]);
      expect(out.newConvRaw.shape).toEqual([2, 8, 8, 32]);
      expect(Number.isFinite(out.filterLoss.dataSync()[0])).toBe(true);
      tf.dispose([x, labels, out as unknown as tf.TensorContainer]);
    } finally {
      net.dispose();
    }
  });
}, ['cpu']);
