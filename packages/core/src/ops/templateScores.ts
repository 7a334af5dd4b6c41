// tr(x·T) for every filter, image and template: the one matrix product all loss computations start from.
import * as tf from '@tensorflow/tfjs-core';
import type { Templates } from '@icnn/templates';

/** All K = n² + 1 templates as rows of a [K, n²] matrix: the positive ones in index order, the negative last. */
export function templateMatrix(templates: Templates): tf.Tensor2D {
  const cells = templates.n * templates.n;
  return tf.tidy(() =>
    tf.concat([tf.reshape(templates.positive, [cells, cells]), tf.reshape(templates.negative, [1, cells])], 0),
  ) as tf.Tensor2D;
}

/** Each filter's maps as rows: [B, n, n, C] → [C, B, n²]. */
export function mapsByFilter(x: tf.Tensor4D): tf.Tensor3D {
  const [b, n, , c] = x.shape;
  return tf.reshape(tf.transpose(tf.reshape(x, [b, n * n, c]), [2, 0, 1]), [c, b, n * n]);
}

/** S[c, b, k] = tr(x_{b,c} · T_k) = Σ_ij x_ij t_ij: [C, B, K]. */
export function templateScores(x: tf.Tensor4D, matrix: tf.Tensor2D): tf.Tensor3D {
  const [b, n, , c] = x.shape;
  return tf.tidy(() => {
    const rows = tf.reshape(mapsByFilter(x), [c * b, n * n]);
    return tf.reshape(tf.matMul(rows, matrix, false, true), [c, b, matrix.shape[0]]);
  }) as tf.Tensor3D;
}
