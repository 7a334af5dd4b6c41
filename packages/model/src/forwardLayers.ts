// The forward pass of the layers the net adds (called inside the net's tf.tidy): the new conv, the post-conv pool
// and the head. The head's k×k and 1×1 convolutions on a k×k map are matrix products over the flattened map
// (NHWC row-major flattening matches the HWIO kernel's).
import * as tf from '@tensorflow/tfjs-core';
import { paddingPair } from '@icnn/backbone';
import { HEAD_LAYERS, NEW_CONV } from './newLayers';
import type { PoolSpec } from './postPool';

type Variables = Readonly<Record<string, tf.Variable>>;

/** 3×3 conv, stride 1, pad 1, plus bias: the new layer's raw output (before ReLU). */
export function runNewConv(x: tf.Tensor4D, variables: Variables): tf.Tensor4D {
  const kernel = variables[`${NEW_CONV}/kernel`] as tf.Variable<tf.Rank.R4>;
  return tf.add(tf.conv2d(x, kernel, 1, [[0, 0], [1, 1], [1, 1], [0, 0]]), variables[`${NEW_CONV}/bias`]);
}

export function runPool(x: tf.Tensor4D, pool: PoolSpec): tf.Tensor4D {
  if (pool.kernel === 1 && pool.stride === 1 && pool.padding === undefined) return x;
  const [before, after] = paddingPair(pool.padding);
  // Post-ReLU maps are ≥ 0, so a padded cell (which never wins) acts as the zero row/column of MatConvNet.
  const padding = before === 0 && after === 0 ? 'valid' : ([[0, 0], [before, after], [before, after], [0, 0]] as [[number, number], [number, number], [number, number], [number, number]]);
  return tf.maxPool(x, pool.kernel, pool.stride, padding);
}

export interface HeadOptions {
  /** Dropout rate after the hidden layers (0 in evaluation). */
  dropout: number;
  seed?: number;
}

/** fc6 (k×k) → ReLU → dropout → fc7 (1×1) → ReLU → dropout → fc8 (1×1): logits [B, L]. */
export function runHead(pooled: tf.Tensor4D, variables: Variables, options: HeadOptions): tf.Tensor2D {
  const [batch] = pooled.shape;
  let y: tf.Tensor2D = tf.reshape(pooled, [batch, -1]);
  HEAD_LAYERS.forEach((layer, i) => {
    const kernel = variables[`${layer}/kernel`];
    const outputs = kernel.shape[3]!;
    y = tf.add(tf.matMul(y, tf.reshape(kernel, [-1, outputs])), variables[`${layer}/bias`]) as tf.Tensor2D;
    if (i < HEAD_LAYERS.length - 1) {
      y = tf.relu(y) as tf.Tensor2D;
      if (options.dropout > 0) y = <tf.Tensor2D>tf.dropout(y, options.dropout, undefined, options.seed !== undefined ? options.seed + i : undefined);
    }
  });
  return y;
}
