import * as tf from '@tensorflow/tfjs-core';

export const LARGEST_FLOAT32 = 3.4028234663852886e38;

/** The authors' clean-up of a gradient: NaN → 0, ±Inf → ± the largest finite float32. */
export function sanitize(t: tf.Tensor): tf.Tensor {
  return tf.tidy(() => tf.where(tf.isNaN(t), tf.zerosLike(t), tf.clipByValue(t, -LARGEST_FLOAT32, LARGEST_FLOAT32)));
}
