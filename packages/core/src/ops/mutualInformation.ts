// The exact −MI(X; T) of SPEC §3.1 per filter, from the template scores S = tr(x·T) [C, B, K]:
//   p(x|T) = e^S / Z_T,  Z_T = Σ_x e^S,  p(x) = Σ_T p(T) p(x|T),  −MI = −Σ_T p(T) Σ_x p(x|T) log[p(x|T)/p(x)]
//
// Computed so that both regimes stay accurate in float32. Large activations: everything in log space, shifted
// by maxima, so 1e4 stays finite. Small activations (S ≈ 0, the default τ = 0.5/n² makes S small): p(x|T) is
// close to 1/B and MI is second order in S, so the naive sum cancels to noise. Hence, with v = log(B·p(x|T)) and
// w = log(B·p(x)) (both near 0, computed with expm1/log1p), and because Σ_x p(x|T) = Σ_x p(x) = 1 over the batch,
//   MI = Σ_T p(T) Σ_x p(x)·φ(v − w),  φ(d) = d·e^d − e^d + 1 ≥ 0,
// each term non-negative, with φ(d) ≈ d²/2 taken from its series where |d| is small.
import * as tf from '@tensorflow/tfjs-core';

const SERIES_LIMIT = 0.1;

/** log Σ_i weight_i·e^{t_i} along `axis` for weights summing to 1 (or uniform weights when null), near-0 accurate. */
function logMeanExp(t: tf.Tensor, axis: number, weights: tf.Tensor | null): tf.Tensor {
  const shift = tf.max(t, axis, true);
  const deviations = tf.expm1(tf.sub(t, shift));
  const mean = weights == null ? tf.mean(deviations, axis, true) : tf.sum(tf.mul(deviations, weights), axis, true);
  return tf.add(shift, tf.log1p(mean));
}

/** φ(d) = d·e^d − expm1(d), by its series d²/2 + d³/3 + d⁴/8 + d⁵/30 + d⁶/144 near 0. */
function phi(d: tf.Tensor): tf.Tensor {
  const direct = tf.sub(tf.mul(d, tf.exp(d)), tf.expm1(d));
  const s = tf.clipByValue(d, -SERIES_LIMIT, SERIES_LIMIT);
  const series = tf.mul(tf.square(s), tf.add(0.5, tf.mul(s, tf.add(1 / 3, tf.mul(s, tf.add(1 / 8, tf.mul(s, tf.add(1 / 30, tf.mul(s, 1 / 144)))))))));
  // A 0/1 blend rather than tf.where: tfjs has no gradient for the comparison a where-condition would need.
  const useSeries = tf.step(tf.sub(SERIES_LIMIT, tf.abs(d)));
  return tf.add(tf.mul(useSeries, series), tf.mul(tf.sub(1, useSeries), direct));
}

export interface CentredLogProbabilities {
  /** v = log(B·p(x|T)) [C, B, K]. */
  v: tf.Tensor3D;
  /** w = log(B·p(x)) [C, B, 1]. */
  w: tf.Tensor3D;
}

/** log p(x|T) and log p(x), each shifted by log B so that they sit near 0 for weak signals. */
export function centredLogProbabilities(scores: tf.Tensor3D, prior: tf.Tensor1D): CentredLogProbabilities {
  const v = tf.sub(scores, logMeanExp(scores, 1, null)) as tf.Tensor3D;
  const w = logMeanExp(v, 2, prior) as tf.Tensor3D;
  return { v, w };
}

/** −MI per filter: [C]. */
export function negativeMutualInformation(scores: tf.Tensor3D, prior: tf.Tensor1D): tf.Tensor1D {
  const batch = scores.shape[1];
  return tf.tidy(() => {
    const { v, w } = centredLogProbabilities(scores, prior);
    const evidence = tf.div(tf.exp(w), batch); // p(x) [C, B, 1]
    const perPair = tf.mul(evidence, phi(tf.sub(v, w))); // p(x)·φ [C, B, K]
    return tf.neg(tf.sum(tf.mul(tf.sum(perPair, 1), prior), 1));
  }) as tf.Tensor1D;
}
