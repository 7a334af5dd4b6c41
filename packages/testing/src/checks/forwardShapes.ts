import * as tf from '@tensorflow/tfjs-core';
import type { Backbone } from '@icnn/backbone';
import { expectNoLeaks } from '@icnn/test-utils';
import { expect } from 'vitest';

/**
 * Runs `backbone` on a random batch at its input shape and checks that every tap comes back with featureInfo's
 * channels and spatial size, finite, and that the pass leaves no tensor behind.
 */
export async function expectForwardMatchesFeatureInfo(backbone: Backbone, batch = 1, seed = 0): Promise<void> {
  const [h, w] = backbone.inputShape;
  const x = tf.randomNormal([batch, h, w, 3], 0, 1, 'float32', seed) as tf.Tensor4D;
  try {
    const features = await expectNoLeaks(() => backbone.forwardFeatures(x));
    try {
      expect(Object.keys(features).sort(), `${backbone.name}: taps returned`).toEqual(backbone.featureInfo.map((f) => f.name).sort());
      for (const info of backbone.featureInfo) {
        const map = features[info.name];
        expect(map.shape, `${backbone.name}: shape of tap '${info.name}'`).toEqual([batch, ...info.spatialSize, info.channels]);
        const finite = tf.tidy(() => tf.all(tf.isFinite(map)).dataSync()[0]);
        expect(finite, `${backbone.name}: tap '${info.name}' is finite`).toBe(1);
      }
    } finally {
      tf.dispose(Object.values(features));
    }
  } finally {
    x.dispose();
  }
}
