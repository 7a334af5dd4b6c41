// The exact −MI(X; T) of SPEC §3.1 per filter, from the template scores S = tr(x·T) [C, B, K]:
//   p(x|T) = e^S / Z_T,  Z_T = Σ_x e^S,  p(x) = Σ_T p(T) p(x|T),  −MI = −Σ_T p(T) Σ_x p(x|T) log[p(x|T)/p(x)]
//
// Computed so that both regimes stay accurate in float32. Large activations: everything in log space, shifted
// by maxima, so 1e4 stays finite. Small activations (S ≈ 0, the default τ = 0.5/n² makes S small): p(x|T) is
// close to 1/B and MI is second order in S, so the naive sum cancels to noise. Hence, with v = log(B·p(x|T)) and
// w = log(B·p(x)) (both near 0, computed with expm1/log1p), and because Σ_x p(x|T) = Σ_x p(x) = 1 over the batch,
//   MI = Σ_T p(T) Σ_x p(x)·φ(v − w),  φ(d) = d·e^d − e^d + 1 ≥ 0,
// each term non-negative, with φ taken from its series where |d| is small.
//
// The gradient is analytic, with d = log(p(x|T)/p(x)) and q = p(x|T):
//   ∂(−MI)/∂S_{x,T} = −p(T)·q_{x,T}·(d_{x,T} − Σ_x' q_{x',T} d_{x',T})
import * as tf from '@tensorflow/tfjs-core';
import { unaryCustomGrad } from './unaryCustomGrad';

// Below |d| = 0.01 the direct form loses ~2e-7/|d| to cancellation and the series' first omitted term, d⁵/30,
// is below 1e-7 of φ; above it the direct form is accurate to ~2e-5.
// Below |d| = 0.05 the direct form of φ loses up to ~1e-7/φ to cancellation; there the series, whose first omitted
// term d⁶/144 is below 1e-7 of φ, takes over.
const SERIES_LIMIT = 0.05;

/** shift + log1p(Σ weight·expm1(t − shift)) = log Σ weight·e^t along `axis` (weights sum to 1), and expm1(t − shift). */
function logMeanExp(t: tf.Tensor, axis: number, weights: tf.Tensor | null) {
  const shift = tf.max(t, axis, true);
  const deviations = tf.expm1(tf.sub(t, shift));
  const mean = weights == null ? tf.mean(deviations, axis, true) : tf.sum(tf.mul(deviations, weights), axis, true);
  return { value: tf.add(shift, tf.log1p(mean)), shift, deviations };
}

/** φ(d) = d·e^d − (e^d − 1), by its series d²/2 + d³/3 + d⁴/8 + d⁵/30 near 0; `expD` is e^d. */
function phi(d: tf.Tensor, expD: tf.Tensor): tf.Tensor {
  const direct = tf.sub(tf.mul(d, expD), tf.sub(expD, 1));
  const s = tf.clipByValue(d, -SERIES_LIMIT, SERIES_LIMIT);
  const series = tf.mul(tf.square(s), tf.add(0.5, tf.mul(s, tf.add(1 / 3, tf.mul(s, tf.add(1 / 8, tf.mul(s, 1 / 30)))))));
  return tf.where(tf.less(tf.abs(d), SERIES_LIMIT), series, direct);
}

export interface MutualInformationParts {
  /** log Z_T − log B = log mean_x e^{tr(x·T)} [C, 1, K]. */
  logMeanZ: tf.Tensor3D;
  /** v = log(B·p(x|T)) [C, B, K]. */
  v: tf.Tensor3D;
  /** w = log(B·p(x)) [C, B, 1]. */
  w: tf.Tensor3D;
  /** d = v − w = log(p(x|T)/p(x)) [C, B, K]. */
  d: tf.Tensor3D;
  /** e^d [C, B, K]. */
  expD: tf.Tensor3D;
}

/**
 * log p(x|T) and log p(x), each shifted by log B so that they sit near 0 for weak signals, and their difference.
 * Only two full-size transcendental ops (tfjs-wasm's exp costs ~10 ns an element): e^d is rebuilt from the second.
 */
export function mutualInformationParts(scores: tf.Tensor3D, prior: tf.Tensor1D): MutualInformationParts {
  const logMeanZ = logMeanExp(scores, 1, null).value as tf.Tensor3D;
  const v = tf.sub(scores, logMeanZ) as tf.Tensor3D;
  const evidence = logMeanExp(v, 2, prior);
  const w = evidence.value as tf.Tensor3D;
  const d = tf.sub(v, w) as tf.Tensor3D;
  const expD = tf.mul(tf.add(evidence.deviations, 1), tf.exp(tf.sub(evidence.shift, w))) as tf.Tensor3D;
  return { logMeanZ, v, w, d, expD };
}

/** −MI per filter [C] from the parts, with p(x) and p(x|T) = p(x)·e^d for a caller that needs them. */
export function negativeMutualInformationValue(parts: MutualInformationParts, prior: tf.Tensor1D) {
  const batch = parts.v.shape[1];
  const evidence = tf.div(tf.exp(parts.w), batch); // p(x) [C, B, 1]
  const perPair = tf.mul(evidence, phi(parts.d, parts.expD)); // p(x)·φ [C, B, K]
  return { value: tf.neg(tf.sum(tf.mul(tf.sum(perPair, 1), prior), 1)) as tf.Tensor1D, evidence };
}

/** −MI per filter: [C], differentiable with respect to the scores. */
export function negativeMutualInformation(scores: tf.Tensor3D, prior: tf.Tensor1D): tf.Tensor1D {
  const loss = unaryCustomGrad((s, save) => {
    const parts = mutualInformationParts(s as tf.Tensor3D, prior);
    const { value, evidence } = negativeMutualInformationValue(parts, prior);
    save([tf.mul(evidence, parts.expD), parts.d, prior]); // p(x|T) = p(x)·e^d, d, and p(T) (saved, not closed over)
    return {
      value,
      gradFunc: (dy, [q, dSaved, priorSaved]) => {
        const centred = tf.sub(dSaved, tf.sum(tf.mul(q, dSaved), 1, true));
        return tf.mul(tf.mul(tf.mul(q, centred), tf.neg(priorSaved)), tf.reshape(dy, [-1, 1, 1]));
      },
    };
  });
  return loss(scores) as tf.Tensor1D;
}
