// The classification losses of SPEC §4. Logistic: labels ±1 per class (0 = ignore), loss Σ_c log(1 + e^{−y·s});
// softmax: one class per image, −log softmax(s)[class]. Reduced over the batch by 'mean' (default) or 'sum' (the
// authors' trainer sums and divides the parameter gradients by B).
import * as tf from '@tensorflow/tfjs-core';
import type { ClassificationLossKind } from './options';

export interface ClassificationLossOptions {
  /** Default 'logistic'. */
  loss?: ClassificationLossKind;
  /** Over the batch. Default 'mean'. */
  reduction?: 'mean' | 'sum';
}

function describe(t: unknown): string {
  return t instanceof tf.Tensor ? `${t.dtype} shape [${t.shape}]` : typeof t;
}

/**
 * `logits` [B, L]. Logistic labels: [B, L] (or [B] when L = 1) with +1 / −1 (0 ignores the entry). Softmax labels:
 * class indices [B] (int32), or [B, L] rows whose largest entry marks the class (one-hot or ±1 rows).
 */
export function classificationLoss(logits: tf.Tensor2D, labels: tf.Tensor1D | tf.Tensor2D, options: ClassificationLossOptions = {}): tf.Scalar {
  const op = 'classificationLoss';
  const loss = options.loss ?? 'logistic';
  const reduction = options.reduction ?? 'mean';
  if (loss !== 'logistic' && loss !== 'softmax') throw new RangeError(`${op}: 'loss' must be 'logistic' or 'softmax', got ${JSON.stringify(loss)}`);
  if (reduction !== 'mean' && reduction !== 'sum') throw new RangeError(`${op}: 'reduction' must be 'mean' or 'sum', got ${JSON.stringify(reduction)}`);
  if (!(logits instanceof tf.Tensor) || logits.rank !== 2) throw new RangeError(`${op}: 'logits' must be a Tensor2D [B, L], got ${describe(logits)}`);
  const [batch, classes] = logits.shape;
  const ok =
    labels instanceof tf.Tensor &&
    labels.shape[0] === batch &&
    ((labels.rank === 2 && labels.shape[1] === classes) || (labels.rank === 1 && (loss === 'softmax' || classes === 1)));
  if (!ok) {
    const expected = loss === 'softmax' ? `class indices [B = ${batch}] or [B, L = ${classes}]` : `±1 labels [B = ${batch}, L = ${classes}]${classes === 1 ? ' or [B]' : ''}`;
    throw new RangeError(`${op}: 'labels' must be ${expected}, got ${describe(labels)}`);
  }
  return tf.tidy(() => {
    let perImage: tf.Tensor1D;
    if (loss === 'logistic') {
      const y = tf.reshape(tf.cast(labels, 'float32'), [batch, classes]);
      // log(1 + e^{−y·s}) = softplus(−y·s); label 0 contributes nothing.
      const terms = tf.mul(tf.softplus(tf.neg(tf.mul(y, logits))), tf.notEqual(y, 0));
      perImage = tf.sum(terms, 1) as tf.Tensor1D;
    } else {
      const index = labels.rank === 1 ? tf.cast(labels, 'int32') : tf.argMax(labels, 1);
      const oneHot = tf.oneHot(index as tf.Tensor1D, classes);
      perImage = tf.neg(tf.sum(tf.mul(oneHot, tf.logSoftmax(logits)), 1)) as tf.Tensor1D;
    }
    return (reduction === 'sum' ? tf.sum(perImage) : tf.mean(perImage)) as tf.Scalar;
  });
}
