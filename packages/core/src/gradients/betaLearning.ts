// β learning of the authors' code (SPEC §3.4): per channel, the spread of each positive map around its centroid,
// σ = sqrt(Σ((i−µi)² + (j−µj)²)·x / Σx) in cells, averaged over the category's images weighted by s = mean_hw(x∘mask),
// sets a target β* = clamp(3/σ̄, 1.5, 3); the pseudo-gradient (β* − β)·(−1e4) then goes through the optimiser with
// lr multiplier 0.05 and no weight decay (divided by B like the other gradients).
import * as tf from '@tensorflow/tfjs-core';
import { checkFilterCategories, checkLabels, membership, type LabelOptions } from './membership';
import { cellGrid, centroidPeak } from '../ops/maskGeometry';
import { maskValues } from '../ops/maskValues';
import { assertFeatureMaps } from '../validate';

export const BETA_LEARNING_RATE_MULTIPLIER = 0.05;
export const BETA_GRADIENT_SCALE = 1e4;
export const BETA_RANGE: readonly [number, number] = [1.5, 3];

export interface BetaGradientOptions extends LabelOptions {
  /** Divide by the batch size, as the authors' trainer does with every gradient. Default true. */
  divideByBatch?: boolean;
}

/** The target β* per channel [C], and whether the channel had a positive image in the batch [C] (0/1). */
export function betaTarget(x: tf.Tensor4D, beta: number | tf.Tensor1D, options: LabelOptions): { target: tf.Tensor1D; seen: tf.Tensor1D } {
  const [, n, , channels] = x.shape;
  return tf.tidy(() => {
    const member = membership(options.labels!, channels, options.filterCategories).member; // [B, C]
    const peak = centroidPeak(x);
    const { rows, cols } = cellGrid(n);
    const squared = tf.add(tf.square(tf.sub(rows, peak.row)), tf.square(tf.sub(cols, peak.col)));
    const mass = tf.maximum(tf.sum(x, [1, 2]), 1e-9);
    const sigma = tf.sqrt(tf.div(tf.sum(tf.mul(squared, x), [1, 2]), mass)); // [B, C]
    const s = tf.mul(tf.mean(tf.mul(x, maskValues(x, { variant: 'authors', beta })), [1, 2]), member); // [B, C]
    const weight = tf.sum(s, 0);
    const sigmaBar = tf.div(tf.sum(tf.mul(s, sigma), 0), weight);
    const target = tf.clipByValue(tf.div(3, sigmaBar), BETA_RANGE[0], BETA_RANGE[1]);
    const seen = tf.cast(tf.greater(tf.sum(member, 0), 0), 'float32');
    // A channel without positives (or with σ̄ undefined) keeps its β: its target is β itself.
    const current = typeof beta === 'number' ? tf.fill([channels], beta) : beta;
    const valid = tf.logicalAnd(tf.greater(seen, 0), tf.isFinite(target));
    return { target: tf.where(valid, target, current) as tf.Tensor1D, seen: tf.cast(valid, 'float32') as tf.Tensor1D };
  });
}

/** The pseudo-gradient for β [C]: (β* − β)·(−1e4), divided by B unless told otherwise; 0 where nothing was seen. */
export function betaGradient(x: tf.Tensor4D, beta: tf.Tensor1D, options: BetaGradientOptions): tf.Tensor1D {
  const op = 'betaGradient';
  assertFeatureMaps(op, 'x', x);
  if (!(beta instanceof tf.Tensor) || beta.rank !== 1 || beta.shape[0] !== x.shape[3]) {
    throw new RangeError(`${op}: 'beta' must be a Tensor1D [C = ${x.shape[3]}]`);
  }
  checkLabels(op, options.labels, x.shape[0], true);
  checkFilterCategories(op, options.filterCategories, x.shape[3], options.labels!.rank === 2 ? options.labels!.shape[1]! : 1);
  return tf.tidy(() => {
    const { target } = betaTarget(x, beta, options);
    const gradient = tf.mul(tf.sub(target, beta), -BETA_GRADIENT_SCALE);
    return ((options.divideByBatch ?? true) ? tf.div(gradient, x.shape[0]) : gradient) as tf.Tensor1D;
  });
}
