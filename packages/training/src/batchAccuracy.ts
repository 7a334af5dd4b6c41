// Correct predictions in a batch, as a tensor (read it asynchronously): logistic — per image and class, sign(score)
// agrees with a ±1 label (0 labels ignored), counted over labelled entries; softmax — argmax equals the labelled class.
import * as tf from '@tensorflow/tfjs-core';
import type { ClassificationLossKind, Labels } from '@icnn/model';

export interface BatchAccuracy {
  correct: tf.Scalar;
  total: tf.Scalar;
}

export function batchAccuracy(logits: tf.Tensor2D, labels: Labels, loss: ClassificationLossKind): BatchAccuracy {
  return tf.tidy(() => {
    const table = (labels.rank === 1 ? tf.reshape(labels, [-1, 1]) : labels) as tf.Tensor2D;
    if (loss === 'softmax') {
      const hit = tf.cast(tf.equal(tf.argMax(logits, 1), tf.argMax(table, 1)), 'float32');
      return { correct: tf.sum(hit) as tf.Scalar, total: tf.scalar(logits.shape[0]) };
    }
    const labelled = tf.cast(tf.notEqual(table, 0), 'float32');
    const agree = tf.cast(tf.greater(tf.mul(logits, table), 0), 'float32');
    return { correct: tf.sum(tf.mul(agree, labelled)) as tf.Scalar, total: tf.sum(labelled) as tf.Scalar };
  });
}
