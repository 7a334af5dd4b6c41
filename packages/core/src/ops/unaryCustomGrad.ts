import * as tf from '@tensorflow/tfjs-core';

export interface UnaryGradResult {
  value: tf.Tensor;
  gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => tf.Tensor;
}

/** tf.customGrad for a one-input op, typed (tfjs types the forward's arguments as Tensor | GradSaveFunc). */
export function unaryCustomGrad(forward: (x: tf.Tensor, save: tf.GradSaveFunc) => UnaryGradResult): (x: tf.Tensor) => tf.Tensor {
  return tf.customGrad(forward as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as (x: tf.Tensor) => tf.Tensor;
}
