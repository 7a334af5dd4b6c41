// The released code's filter gradient (SPEC §3.2 `authors`), temperature a = 0.5, s = mean_hw(x ∘ mask):
//   a·logZ⁺ = a·log mean_b exp(mean_hw(x_{d,b} ∘ mask_{D−1−d, B−1−b})/a)   (channel and batch order reversed)
//   a·logZ⁻ = a·log mean_b exp(−mean_hw(x_{d,b})/a)
//   positives: w = e^{s/a}(s − a·logZ⁺ + a), normalised by (mean over positives × norm·epoch); dx −= mask·w·1e-5·w⁺
//   negatives: w = e^{−s̄/a}(−s̄ − a·logZ⁻ + a), likewise;                               dx += w·1e-5·w⁻
// The common factor e^{max s/a} is divided out before exponentiating: the normalisation cancels it exactly, and
// without it e^{s/a} overflows float32 for s above about 44.
import * as tf from '@tensorflow/tfjs-core';
import { centroidPeakWithTotal } from '../ops/maskGeometry';
import { authorsMask, betaTensor } from '../ops/maskValues';
import { LARGEST_FLOAT32, sanitize } from './sanitize';

export const AUTHORS_TEMPERATURE = 0.5;
export const AUTHORS_STEP = 1e-5;

export interface AuthorsGradientInputs {
  x: tf.Tensor4D;
  /** The mask's β: a number, a scalar tensor, or one per channel [C]. */
  beta: number | tf.Tensor;
  /** [B, C] 0/1. */
  member: tf.Tensor2D;
  positiveWeight: tf.Tensor1D;
  negativeWeight: tf.Tensor1D;
  epoch: number;
  /** 10 (logistic), 50 (softmax, ≤ 10 classes) or 500 (softmax, > 10 classes): the normaliser is this × epoch. */
  normaliser: number;
}

/** w over the selected images (sel = 1) of each filter, normalised to mean 1/(norm·epoch) over them: [B, C]. */
function normalisedWeights(exponent: tf.Tensor2D, offset: tf.Tensor2D, selected: tf.Tensor2D, scale: number): tf.Tensor2D {
  const isSelected = tf.greater(selected, 0);
  const shift = tf.max(tf.where(isSelected, exponent, tf.fill(exponent.shape, -Infinity)), 0); // [C]
  const safeShift = tf.where(tf.isFinite(shift), shift, tf.zerosLike(shift));
  const w = tf.where(isSelected, tf.mul(tf.exp(tf.sub(exponent, safeShift)), offset), tf.zerosLike(offset));
  const mean = tf.div(tf.sum(w, 0), tf.sum(selected, 0));
  return sanitize(tf.div(w, tf.mul(mean, scale))) as tf.Tensor2D;
}

/** mean_hw of [B, n, n, C] maps → [B, C], reduced as [B, n², C] along axis 1: on wasm 1.6× faster than axes [1, 2]. */
function meanOverCells(t: tf.Tensor): tf.Tensor2D {
  const [b, n, , c] = t.shape as [number, number, number, number];
  return tf.div(tf.sum(tf.reshape(t, [b, n * n, c]), 1), n * n) as tf.Tensor2D;
}

export function authorsGradient(inputs: AuthorsGradientInputs): tf.Tensor4D {
  const { x, member, positiveWeight, negativeWeight, epoch, normaliser } = inputs;
  const a = AUTHORS_TEMPERATURE;
  const batch = x.shape[0];
  const scale = normaliser * epoch;
  return tf.tidy(() => {
    const n = x.shape[1];
    const centroid = centroidPeakWithTotal(x);
    const total = centroid.total;
    // Peaks and β sanitised (small tensors) keep the mask finite even for non-finite x with checkFinite off.
    const peak = { row: sanitize(centroid.peak.row) as tf.Tensor4D, col: sanitize(centroid.peak.col) as tf.Tensor4D };
    const beta = sanitize(betaTensor(inputs.beta));
    const mask = authorsMask(peak, beta, n);
    const s = meanOverCells(tf.mul(x, mask)); // [B, C]
    // mask_{D−1−d, B−1−b} is the mask around the reversed peaks with the reversed β: built from [B, 1, 1, C] peaks,
    // which is far cheaper than reversing the [B, n, n, C] mask (tfjs-wasm's Reverse is slow).
    const reversedPeak = { row: tf.reverse(peak.row, [0, 3]), col: tf.reverse(peak.col, [0, 3]) };
    const reversedBeta = beta.rank === 0 ? beta : tf.reverse(beta, [3]);
    const sCrossed = meanOverCells(tf.mul(x, authorsMask(reversedPeak, reversedBeta, n)));
    const sBar = tf.reshape(tf.div(total, n * n), [batch, x.shape[3]]) as tf.Tensor2D; // mean_hw x, from the centroid's sums
    const aLogZPositive = tf.mul(tf.sub(tf.logSumExp(tf.div(sCrossed, a), 0), Math.log(batch)), a); // [C]
    const aLogZNegative = tf.mul(tf.sub(tf.logSumExp(tf.div(tf.neg(sBar), a), 0), Math.log(batch)), a);
    const negatives = tf.sub(1, member) as tf.Tensor2D;
    const wPositive = normalisedWeights(tf.div(s, a) as tf.Tensor2D, tf.add(tf.sub(s, aLogZPositive), a) as tf.Tensor2D, member, scale);
    const wNegative = normalisedWeights(
      tf.div(tf.neg(sBar), a) as tf.Tensor2D,
      tf.add(tf.sub(tf.neg(sBar), aLogZNegative), a) as tf.Tensor2D,
      negatives,
      scale,
    );
    const up = sanitize(tf.mul(wPositive, tf.mul(positiveWeight, AUTHORS_STEP))); // [B, C]
    const down = sanitize(tf.mul(wNegative, tf.mul(negativeWeight, AUTHORS_STEP)));
    const [b, , , c] = x.shape;
    const grad = tf.add(tf.mul(mask, tf.reshape(tf.neg(up), [b, 1, 1, c])), tf.reshape(down, [b, 1, 1, c]));
    // The authors sanitise the whole gradient; here no element can be NaN (mask, up and down are finite), so only
    // ±Inf from an overflowing sum is left to clip: a full-size isNaN + select costs ~10× the clip on wasm.
    return tf.clipByValue(grad, -LARGEST_FLOAT32, LARGEST_FLOAT32) as tf.Tensor4D;
  });
}
