// Which images belong to each filter's category (SPEC §3.2–3.3), and the authors' per-category balance weights.
import * as tf from '@tensorflow/tfjs-core';
import { readsSynchronously } from '../validate';

export type ClassifierLoss = 'logistic' | 'softmax';

export interface LabelOptions {
  /**
   * Image labels: Tensor1D [B] for one category (> 0: the image shows it), or Tensor2D [B, L] for L categories
   * (> 0: labelled with that category; ±1 logistic labels and one-hot rows both work).
   */
  labels?: tf.Tensor1D | tf.Tensor2D;
  /** Each filter's category, [C] indices into the label columns (from the category EMA). Multi-category only. */
  filterCategories?: tf.Tensor1D | Int32Array | number[];
}

export interface Membership {
  /** 1 where image b belongs to filter c's category, else 0: [B, C]. */
  member: tf.Tensor2D;
  /** Weight of the positive images' term per filter [C]. */
  positiveWeight: tf.Tensor1D;
  /** Weight of the negative images' term per filter [C]. */
  negativeWeight: tf.Tensor1D;
  /** Number of label columns (1 for a single category). */
  classes: number;
}

export function checkLabels(op: string, labels: tf.Tensor | undefined, batch: number, required: boolean): void {
  if (labels == null) {
    if (required) throw new TypeError(`${op}: 'labels' are required by this gradient (Tensor1D [B] or Tensor2D [B, L])`);
    return;
  }
  if (!(labels instanceof tf.Tensor) || (labels.rank !== 1 && labels.rank !== 2) || labels.shape[0] !== batch) {
    const shape = labels instanceof tf.Tensor ? `[${labels.shape}]` : typeof labels;
    throw new RangeError(`${op}: 'labels' must be Tensor1D [B = ${batch}] or Tensor2D [B = ${batch}, L], got ${shape}`);
  }
}

/**
 * Checks one category per filter, each a label column. A tensor's values are checked only on backends that read
 * synchronously: on GPU backends reading them would stall or fail, so only its shape is checked there.
 */
export function checkFilterCategories(op: string, categories: LabelOptions['filterCategories'], channels: number, classes: number): void {
  if (categories == null) return;
  const isTensor = categories instanceof tf.Tensor;
  const length = isTensor ? (categories.rank === 1 ? categories.shape[0] : -1) : categories.length;
  if (length !== channels) {
    throw new RangeError(`${op}: 'filterCategories' must have one entry per filter (C = ${channels}), got ${length}`);
  }
  if (isTensor && !readsSynchronously()) return;
  const values = isTensor ? categories.dataSync() : categories;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isInteger(v) || v < 0 || v >= classes) {
      throw new RangeError(`${op}: 'filterCategories'[${i}] = ${v} is not a label column in [0, ${classes})`);
    }
  }
}

/**
 * The membership matrix and balance weights. Single category (labels [B] or [B, 1]): every filter owns the one
 * category, weights 1. Multi-category with filterCategories: image b is positive for filter c when
 * labels[b, cat(c)] > 0; with ≤ 10 classes w⁺ = 0.5/density, w⁻ = 0.5/(1 − density) (density: share of the batch
 * labelled with the category), with more w⁺ = 0.5·L, w⁻ = 0.5/(1 − 1/L). Multi-category without categories yet
 * (the first batch): all filters form one group whose positives are the images with any positive label, weights 1.
 */
export function membership(labels: tf.Tensor1D | tf.Tensor2D, channels: number, categories?: LabelOptions['filterCategories']): Membership {
  return tf.tidy(() => {
    const batch = labels.shape[0];
    const positive = tf.cast(tf.greater(labels, 0), 'float32');
    const classes = labels.rank === 2 ? labels.shape[1]! : 1;
    const ones = tf.ones([channels]) as tf.Tensor1D;
    if (classes === 1 || categories == null) {
      const anyPositive = positive.rank === 2 ? tf.max(positive, 1) : positive;
      return {
        member: tf.tile(tf.reshape(anyPositive, [batch, 1]), [1, channels]) as tf.Tensor2D,
        positiveWeight: ones,
        negativeWeight: tf.onesLike(ones),
        classes,
      };
    }
    const index = categories instanceof tf.Tensor ? tf.cast(categories, 'int32') : tf.tensor1d(Array.from(categories), 'int32');
    const member = tf.gather(positive, index, 1) as tf.Tensor2D;
    let positiveWeight: tf.Tensor1D;
    let negativeWeight: tf.Tensor1D;
    if (classes <= 10) {
      const density = tf.gather(tf.mean(positive, 0), index) as tf.Tensor1D;
      positiveWeight = tf.div(0.5, density);
      negativeWeight = tf.div(0.5, tf.sub(1, density));
    } else {
      positiveWeight = tf.fill([channels], 0.5 * classes) as tf.Tensor1D;
      negativeWeight = tf.fill([channels], 0.5 / (1 - 1 / classes)) as tf.Tensor1D;
    }
    return { member, positiveWeight, negativeWeight, classes };
  });
}
