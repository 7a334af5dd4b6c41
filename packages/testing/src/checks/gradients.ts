import * as tf from '@tensorflow/tfjs-core';
import type { Backbone } from '@icnn/backbone';
import { expectNoLeaks } from '@icnn/test-utils';
import { expect } from 'vitest';

/**
 * Backpropagates a random projection of the top tap and checks that every trainable variable gets a finite,
 * non-zero gradient (a variable that gets none is dead weight or disconnected), without leaking tensors.
 */
export async function expectGradientsReachEveryVariable(backbone: Backbone, batch = 2, seed = 0): Promise<void> {
  const top = backbone.featureInfo[backbone.featureInfo.length - 1];
  const [h, w] = backbone.inputShape;
  const variables = backbone.trainableVariables();
  const summary = await expectNoLeaks(() =>
    tf.tidy(() => {
      const x = tf.randomNormal([batch, h, w, 3], 0, 1, 'float32', seed) as tf.Tensor4D;
      const projection = tf.randomNormal([batch, ...top.spatialSize, top.channels], 0, 1, 'float32', seed + 1);
      const { grads } = tf.variableGrads(() => tf.sum(tf.mul(backbone.forwardFeatures(x, { taps: [top.name] })[top.name], projection)), variables);
      return variables.map((v) => {
        const g = grads[v.name];
        if (g === undefined) return { name: v.name, max: 0, finite: true, missing: true };
        const [max, finite] = [tf.max(tf.abs(g)).dataSync()[0], tf.all(tf.isFinite(g)).dataSync()[0]];
        return { name: v.name, max, finite: finite === 1, missing: false };
      });
    }),
  );
  const dead = summary.filter((s) => s.missing || !(s.max > 0)).map((s) => s.name);
  const bad = summary.filter((s) => !s.finite).map((s) => s.name);
  expect(dead, `${backbone.name}: variables with no gradient from '${top.name}'`).toEqual([]);
  expect(bad, `${backbone.name}: variables with non-finite gradients`).toEqual([]);
}
