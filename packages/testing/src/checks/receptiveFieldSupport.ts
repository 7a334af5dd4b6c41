import * as tf from '@tensorflow/tfjs-core';
import type { Backbone } from '@icnn/backbone';
import { expect } from 'vitest';

/**
 * The input pixels that influence a top-tap cell (the non-zero gradient of its channel sum) lie inside the
 * receptive field featureInfo claims: [centre + i·stride − (size−1)/2, centre + i·stride + (size−1)/2] on each axis.
 * Max pooling and ReLU make the support smaller than the field, so only containment is checked.
 */
export function expectInfluenceWithinReceptiveField(backbone: Backbone, seed = 0): void {
  const top = backbone.featureInfo[backbone.featureInfo.length - 1];
  const [h, w] = backbone.inputShape;
  const [rows, cols] = top.spatialSize;
  const cell = [Math.floor((rows - 1) / 2), Math.floor((cols - 1) / 2)] as const;
  const gradient = tf.tidy(() => {
    const x = tf.randomNormal([1, h, w, 3], 0, 1, 'float32', seed) as tf.Tensor4D;
    const g = tf.grad((input: tf.Tensor) => {
      const map = backbone.forwardFeatures(input as tf.Tensor4D, { taps: [top.name] })[top.name];
      return tf.sum(tf.slice(map, [0, cell[0], cell[1], 0], [1, 1, 1, top.channels]));
    })(x);
    return tf.sum(tf.abs(g), [0, 3]).arraySync() as number[][];
  });
  const { size, centre } = top.receptiveField;
  const half = (size - 1) / 2;
  let touched = 0;
  for (let i = 0; i < h; i++) {
    for (let j = 0; j < w; j++) {
      if (gradient[i][j] === 0) continue;
      touched++;
      const [ci, cj] = [centre + cell[0] * top.stride, centre + cell[1] * top.stride];
      if (Math.abs(i - ci) > half + 1e-9 || Math.abs(j - cj) > half + 1e-9) {
        expect.fail(
          `${backbone.name}: pixel (${i}, ${j}) influences '${top.name}' cell (${cell}) but lies outside its receptive ` +
            `field (centre (${ci}, ${cj}), size ${size})`,
        );
      }
    }
  }
  expect(touched, `${backbone.name}: pixels influencing '${top.name}' cell (${cell})`).toBeGreaterThan(0);
}
